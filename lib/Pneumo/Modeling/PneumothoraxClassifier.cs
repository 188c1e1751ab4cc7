using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Pneumo.Modeling;

/// <summary>
/// Image (and optionally metadata) → one logit for "pneumothorax present". Backbone feature map → global average and
/// max pooling → (concatenated with a small embedding of age, sex and view position when <see cref="UsesMetadata"/>)
/// → dropout → linear. <see cref="EarlyStages"/> and <see cref="FromEarlyStages"/> are public so Grad-CAM can
/// differentiate the logit with respect to the stride-8 feature map.
/// </summary>
public sealed class PneumothoraxClassifier : Module<Tensor, Tensor, Tensor>
{
    /// <summary>Length of the metadata vector: age, age missing, sex, view position (encoded by the training layer).</summary>
    public const int MetadataLength = 4;

    private readonly Module<Tensor, Tensor> _backbone;
    private readonly Sequential? _metadata;
    private readonly Dropout _dropout;
    private readonly Linear _fc;
    private readonly Conv2d? _maskHead;

    /// <summary>Creates the model.</summary>
    /// <param name="architecture">The backbone (<see cref="Architectures"/>).</param>
    /// <param name="useMetadata">Fuse age, sex and view position into the head.</param>
    /// <param name="dropout">Dropout before the classifier.</param>
    /// <param name="maskHead">Add the lesion head of the auxiliary mask loss (<see cref="MaskLogits"/>).</param>
    public PneumothoraxClassifier(Architecture architecture, bool useMetadata, double dropout = 0.3,
        bool maskHead = false) : base(nameof(PneumothoraxClassifier))
    {
        Architecture = architecture;
        UsesMetadata = useMetadata;
        _backbone = architecture.BuildBackbone();
        int channels = ((IBackbone)_backbone).FeatureChannels;
        int features = 2 * channels;
        if (useMetadata)
        {
            _metadata = Sequential(("0", Linear(MetadataLength, 16)), ("1", ReLU()));
            features += 16;
        }
        _dropout = Dropout(dropout);
        _fc = Linear(features, 1);
        if (maskHead) _maskHead = Conv2d(channels, 1, 1);
        RegisterComponents();
    }

    /// <summary>The backbone's architecture.</summary>
    public Architecture Architecture { get; }
    /// <summary>Age, sex and view position enter the head.</summary>
    public bool UsesMetadata { get; }

    /// <summary>The last feature map (N, C, h, w).</summary>
    public Tensor Features(Tensor images) => _backbone.forward(images);

    /// <summary>The backbone's stride-8 map, where Grad-CAM is computed (<see cref="IBackbone.EarlyStages"/>).</summary>
    public Tensor EarlyStages(Tensor images) => ((IBackbone)_backbone).EarlyStages(images);

    /// <summary>Logits from the stride-8 map (the rest of the network).</summary>
    public Tensor FromEarlyStages(Tensor early, Tensor metadata)
    {
        using var scope = NewDisposeScope();
        return Head(((IBackbone)_backbone).LateStages(early), metadata).MoveToOuterDisposeScope();
    }

    /// <summary>Logits (N) from a feature map and the metadata (N, 4) (ignored without metadata fusion).</summary>
    public Tensor Head(Tensor features, Tensor metadata)
    {
        using var scope = NewDisposeScope();
        var pooled = cat([functional.adaptive_avg_pool2d(features, 1).flatten(1), functional.adaptive_max_pool2d(features, [1, 1]).flatten(1)], 1);
        if (_metadata is not null) pooled = cat([pooled, _metadata.forward(metadata)], 1);
        return _fc.forward(_dropout.forward(pooled)).squeeze(1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Lesion logits per cell of the feature map (N, 1, h, w): a 1x1 convolution, trained against the masks' cell
    /// coverage as an auxiliary task so the features learn where a pneumothorax is, not only whether.
    /// </summary>
    /// <exception cref="InvalidOperationException">The model was made without a mask head.</exception>
    public Tensor MaskLogits(Tensor features) => (_maskHead ?? throw new InvalidOperationException("this model has no mask head")).forward(features);

    /// <summary>Images (N, 1, H, W) and metadata (N, 4) → logits (N).</summary>
    public override Tensor forward(Tensor images, Tensor metadata)
    {
        using var scope = NewDisposeScope();
        return Head(Features(images), metadata).MoveToOuterDisposeScope();
    }

    /// <summary>The backbone (its parameter names are torchvision's for the ResNets and DenseNet-121).</summary>
    public Module<Tensor, Tensor> Backbone => _backbone;

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _backbone.Dispose();
            _metadata?.Dispose();
            _dropout.Dispose();
            _fc.Dispose();
            _maskHead?.Dispose();
        }
        base.Dispose(disposing);
    }
}
