using Pneumo.Compute;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Pneumo.Modeling;

/// <summary>
/// ResNet-18/34/50 (He et al. 2016) with torchvision's parameter names exactly (<c>conv1</c>, <c>bn1</c>,
/// <c>layer1.0.conv1</c>, … <c>layer4.2.downsample.0</c>, <c>fc</c>; torchvision's v1.5 bottleneck, stride on the
/// 3x3 convolution), so that a torchvision or TorchXRayVision <c>state_dict</c> loads as it is
/// (<c>PretrainedWeights</c>). The fields are named as torchvision names the modules, hence no underscore.
/// One input channel by default (grayscale), three where a checkpoint is used as it is. Without
/// <c>classes</c> there is no <c>fc</c>: the network is a backbone and <see cref="forward"/> returns the last
/// feature map; <see cref="Logits"/> runs torchvision's whole forward (average pool, <c>fc</c>).
/// </summary>
public sealed class ResNet : Module<Tensor, Tensor>, IBackbone, IEncoder, ITorchvisionNetwork
{
#pragma warning disable IDE1006 // torchvision's names: they are the state_dict keys
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Sequential layer1, layer2, layer3, layer4;
    private readonly Linear? fc;
#pragma warning restore IDE1006

    private ResNet(string name, bool bottleneck, int[] blocks, int inChannels, int? classes) : base(name)
    {
        int expansion = bottleneck ? 4 : 1;
        conv1 = Conv2d(inChannels, 64, 7, stride: 2, padding: 3, bias: false);
        bn1 = BatchNorm2d(64);
        int inPlanes = 64;
        Sequential Stage(int planes, int count, int stride)
        {
            var list = new List<(string, Module<Tensor, Tensor>)>();
            for (int i = 0; i < count; i++)
            {
                Module<Tensor, Tensor> block = bottleneck ? new Bottleneck(inPlanes, planes, i == 0 ? stride : 1) : new BasicBlock(inPlanes, planes, i == 0 ? stride : 1);
                list.Add((i.ToString(System.Globalization.CultureInfo.InvariantCulture), block));
                inPlanes = planes * expansion;
            }
            return Sequential(list);
        }
        layer1 = Stage(64, blocks[0], 1);
        layer2 = Stage(128, blocks[1], 2);
        layer3 = Stage(256, blocks[2], 2);
        layer4 = Stage(512, blocks[3], 2);
        FeatureChannels = 512 * expansion;
        PyramidChannels = [64, 64 * expansion, 128 * expansion, 256 * expansion, 512 * expansion];
        if (classes is { } k) fc = Linear(FeatureChannels, k);
        RegisterComponents();
        foreach (var (_, module) in named_modules())
            if (module is Conv2d conv) init.kaiming_normal_(conv.weight, mode: init.FanInOut.FanOut, nonlinearity: init.NonlinearityType.ReLU);
    }

    /// <summary>ResNet-18: 2, 2, 2, 2 basic blocks.</summary>
    public static ResNet ResNet18(int inChannels = 1, int? classes = null) => new(nameof(ResNet18), false, [2, 2, 2, 2], inChannels, classes);

    /// <summary>ResNet-34: 3, 4, 6, 3 basic blocks.</summary>
    public static ResNet ResNet34(int inChannels = 1, int? classes = null) => new(nameof(ResNet34), false, [3, 4, 6, 3], inChannels, classes);

    /// <summary>ResNet-50: 3, 4, 6, 3 bottleneck blocks (2048 feature channels).</summary>
    public static ResNet ResNet50(int inChannels = 1, int? classes = null) => new(nameof(ResNet50), true, [3, 4, 6, 3], inChannels, classes);

    /// <inheritdoc />
    public int FeatureChannels { get; }

    /// <summary>Image batch → feature map (N, <see cref="FeatureChannels"/>, H/32, W/32).</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return LateStages(EarlyStages(input)).MoveToOuterDisposeScope();
    }

    /// <summary>torchvision's forward: features, global average pool, <c>fc</c> (N, classes).</summary>
    /// <exception cref="InvalidOperationException">Made without classes.</exception>
    public Tensor Logits(Tensor input)
    {
        if (fc is null) throw new InvalidOperationException($"{GetName()} was made as a backbone, without fc");
        using var scope = NewDisposeScope();
        return fc.forward(functional.adaptive_avg_pool2d(forward(input), 1).flatten(1)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public IReadOnlyList<int> PyramidChannels { get; }

    /// <inheritdoc />
    public IReadOnlyList<Tensor> Pyramid(Tensor input)
    {
        var s2 = functional.relu(bn1.forward(conv1.forward(input)));
        var s4 = layer1.forward(functional.max_pool2d(s2, 3, 2, 1));
        var s8 = layer2.forward(s4);
        var s16 = layer3.forward(s8);
        return [s2, s4, s8, s16, layer4.forward(s16)];
    }

    /// <inheritdoc />
    public Tensor EarlyStages(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = functional.relu(bn1.forward(conv1.forward(input)));
        x = functional.max_pool2d(x, 3, 2, 1);
        return layer2.forward(layer1.forward(x)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public Tensor LateStages(Tensor early)
    {
        using var scope = NewDisposeScope();
        return layer4.forward(layer3.forward(early)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            conv1.Dispose();
            bn1.Dispose();
            layer1.Dispose();
            layer2.Dispose();
            layer3.Dispose();
            layer4.Dispose();
            fc?.Dispose();
        }
        base.Dispose(disposing);
    }

    /// <summary>Two 3x3 convolutions with a shortcut (projected when the shape changes): torchvision's BasicBlock.</summary>
    private sealed class BasicBlock : Module<Tensor, Tensor>
    {
#pragma warning disable IDE1006
        private readonly Conv2d conv1, conv2;
        private readonly BatchNorm2d bn1, bn2;
        private readonly Sequential? downsample;
#pragma warning restore IDE1006

        public BasicBlock(int inPlanes, int planes, int stride) : base(nameof(BasicBlock))
        {
            conv1 = Conv2d(inPlanes, planes, 3, stride: stride, padding: 1, bias: false);
            bn1 = BatchNorm2d(planes);
            conv2 = Conv2d(planes, planes, 3, padding: 1, bias: false);
            bn2 = BatchNorm2d(planes);
            if (stride != 1 || inPlanes != planes)
                downsample = Sequential(("0", Conv2d(inPlanes, planes, 1, stride: stride, bias: false)), ("1", BatchNorm2d(planes)));
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            using var scope = NewDisposeScope();
            var x = functional.relu(bn1.forward(conv1.forward(input)));
            x = bn2.forward(conv2.forward(x));
            var shortcut = downsample is null ? input : downsample.forward(input);
            return functional.relu(x.Plus(shortcut)).MoveToOuterDisposeScope();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                conv1.Dispose();
                bn1.Dispose();
                conv2.Dispose();
                bn2.Dispose();
                downsample?.Dispose();
            }
            base.Dispose(disposing);
        }
    }

    /// <summary>1x1 reduce, 3x3 (with the stride), 1x1 expand by 4, with a shortcut: torchvision's Bottleneck (v1.5).</summary>
    private sealed class Bottleneck : Module<Tensor, Tensor>
    {
#pragma warning disable IDE1006
        private readonly Conv2d conv1, conv2, conv3;
        private readonly BatchNorm2d bn1, bn2, bn3;
        private readonly Sequential? downsample;
#pragma warning restore IDE1006

        public Bottleneck(int inPlanes, int planes, int stride) : base(nameof(Bottleneck))
        {
            conv1 = Conv2d(inPlanes, planes, 1, bias: false);
            bn1 = BatchNorm2d(planes);
            conv2 = Conv2d(planes, planes, 3, stride: stride, padding: 1, bias: false);
            bn2 = BatchNorm2d(planes);
            conv3 = Conv2d(planes, planes * 4, 1, bias: false);
            bn3 = BatchNorm2d(planes * 4);
            if (stride != 1 || inPlanes != planes * 4)
                downsample = Sequential(("0", Conv2d(inPlanes, planes * 4, 1, stride: stride, bias: false)), ("1", BatchNorm2d(planes * 4)));
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            using var scope = NewDisposeScope();
            var x = functional.relu(bn1.forward(conv1.forward(input)));
            x = functional.relu(bn2.forward(conv2.forward(x)));
            x = bn3.forward(conv3.forward(x));
            var shortcut = downsample is null ? input : downsample.forward(input);
            return functional.relu(x.Plus(shortcut)).MoveToOuterDisposeScope();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                conv1.Dispose();
                bn1.Dispose();
                conv2.Dispose();
                bn2.Dispose();
                conv3.Dispose();
                bn3.Dispose();
                downsample?.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
