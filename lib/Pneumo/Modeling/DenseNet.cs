using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Pneumo.Modeling;

/// <summary>
/// DenseNet-121 (Huang et al. 2017; CheXNet's and TorchXRayVision's backbone) with torchvision's parameter names
/// exactly: <c>features.conv0</c>, <c>features.norm0</c>, <c>features.denseblock1.denselayer1.norm1</c> … <c>conv2</c>,
/// <c>features.transition1.norm</c>/<c>conv</c>, <c>features.norm5</c>, <c>classifier</c>. Growth rate 32, blocks of
/// 6, 12, 24 and 16 layers, bottleneck width 4 x 32, compression 0.5. Without <c>classes</c> there is no classifier:
/// <see cref="forward"/> returns the last feature map after torchvision's final ReLU; <see cref="Logits"/> runs its
/// whole forward.
/// </summary>
public sealed class DenseNet : Module<Tensor, Tensor>, IBackbone, ITorchvisionNetwork
{
#pragma warning disable IDE1006 // torchvision's names: they are the state_dict keys
    private readonly Sequential features;
    private readonly Linear? classifier;
#pragma warning restore IDE1006
    private const string LateStart = "transition2"; // EarlyStages ends after denseblock2 (stride 8)

    private DenseNet(string name, int[] blocks, int growth, int initial, int inChannels, int? classes) : base(name)
    {
        var list = new List<(string, Module<Tensor, Tensor>)>
        {
            ("conv0", Conv2d(inChannels, initial, 7, stride: 2, padding: 3, bias: false)),
            ("norm0", BatchNorm2d(initial)),
            ("relu0", ReLU()),
            ("pool0", MaxPool2d(3, stride: 2, padding: 1)),
        };
        int channels = initial;
        for (int b = 0; b < blocks.Length; b++)
        {
            list.Add(($"denseblock{b + 1}", new DenseBlock(blocks[b], channels, growth, 4)));
            channels += blocks[b] * growth;
            if (b < blocks.Length - 1)
            {
                list.Add(($"transition{b + 1}", new Transition(channels, channels / 2)));
                channels /= 2;
            }
        }
        list.Add(("norm5", BatchNorm2d(channels)));
        features = Sequential(list);
        FeatureChannels = channels;
        if (classes is { } k) classifier = Linear(channels, k);
        RegisterComponents();
        foreach (var (_, module) in named_modules())
            if (module is Conv2d conv) init.kaiming_normal_(conv.weight);
    }

    /// <summary>DenseNet-121: blocks of 6, 12, 24, 16 layers (1024 feature channels).</summary>
    public static DenseNet DenseNet121(int inChannels = 1, int? classes = null) => new(nameof(DenseNet121), [6, 12, 24, 16], 32, 64, inChannels, classes);

    /// <inheritdoc />
    public int FeatureChannels { get; }

    /// <summary>Image batch → feature map (N, 1024, H/32, W/32), after the final ReLU.</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return LateStages(EarlyStages(input)).MoveToOuterDisposeScope();
    }

    /// <summary>torchvision's forward: features, ReLU, global average pool, classifier (N, classes).</summary>
    /// <exception cref="InvalidOperationException">Made without classes.</exception>
    public Tensor Logits(Tensor input)
    {
        if (classifier is null) throw new InvalidOperationException($"{GetName()} was made as a backbone, without classifier");
        using var scope = NewDisposeScope();
        return classifier.forward(functional.adaptive_avg_pool2d(forward(input), 1).flatten(1)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public Tensor EarlyStages(Tensor input) => SequentialStages.Before(features, LateStart, input);

    /// <inheritdoc />
    public Tensor LateStages(Tensor early)
    {
        using var scope = NewDisposeScope();
        return functional.relu(SequentialStages.From(features, LateStart, early)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            features.Dispose();
            classifier?.Dispose();
        }
        base.Dispose(disposing);
    }

    /// <summary>BN-ReLU-1x1 conv (4 x growth) - BN-ReLU-3x3 conv (growth): torchvision's _DenseLayer; its output joins the input.</summary>
    private sealed class DenseLayer : Module<Tensor, Tensor>
    {
#pragma warning disable IDE1006
        private readonly BatchNorm2d norm1, norm2;
        private readonly Conv2d conv1, conv2;
#pragma warning restore IDE1006

        public DenseLayer(int inChannels, int growth, int bottleneck) : base(nameof(DenseLayer))
        {
            norm1 = BatchNorm2d(inChannels);
            conv1 = Conv2d(inChannels, bottleneck * growth, 1, bias: false);
            norm2 = BatchNorm2d(bottleneck * growth);
            conv2 = Conv2d(bottleneck * growth, growth, 3, padding: 1, bias: false);
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            using var scope = NewDisposeScope();
            var x = conv1.forward(functional.relu(norm1.forward(input)));
            x = conv2.forward(functional.relu(norm2.forward(x)));
            return cat([input, x], 1).MoveToOuterDisposeScope();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                norm1.Dispose();
                conv1.Dispose();
                norm2.Dispose();
                conv2.Dispose();
            }
            base.Dispose(disposing);
        }
    }

    /// <summary>The layers of one dense block, registered as <c>denselayer1</c>… as in torchvision (each adds its channels).</summary>
    private sealed class DenseBlock : Module<Tensor, Tensor>
    {
        public DenseBlock(int count, int inChannels, int growth, int bottleneck) : base(nameof(DenseBlock))
        {
            for (int i = 0; i < count; i++) register_module($"denselayer{i + 1}", new DenseLayer(inChannels + i * growth, growth, bottleneck));
        }

        public override Tensor forward(Tensor input)
        {
            using var scope = NewDisposeScope();
            var x = input;
            foreach (var layer in children()) x = ((Module<Tensor, Tensor>)layer).forward(x);
            return x.MoveToOuterDisposeScope();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) foreach (var layer in children()) layer.Dispose();
            base.Dispose(disposing);
        }
    }

    /// <summary>BN-ReLU-1x1 conv-2x2 average pool between blocks: torchvision's _Transition.</summary>
    private sealed class Transition : Module<Tensor, Tensor>
    {
#pragma warning disable IDE1006
        private readonly BatchNorm2d norm;
        private readonly Conv2d conv;
#pragma warning restore IDE1006

        public Transition(int inChannels, int outChannels) : base(nameof(Transition))
        {
            norm = BatchNorm2d(inChannels);
            conv = Conv2d(inChannels, outChannels, 1, bias: false);
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            using var scope = NewDisposeScope();
            return functional.avg_pool2d(conv.forward(functional.relu(norm.forward(input))), 2, 2).MoveToOuterDisposeScope();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                norm.Dispose();
                conv.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
