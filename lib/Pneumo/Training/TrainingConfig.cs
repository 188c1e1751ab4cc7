using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pneumo.Training;

/// <summary>Every parameter of a training run; written to the run's <c>config.json</c>.</summary>
public sealed record TrainingConfig
{
    /// <summary><c>small</c>, <c>resnet18</c> or <c>resnet34</c>.</summary>
    public string Model { get; init; } = "small";
    /// <summary>Image size (must match the refined cache).</summary>
    public int ImageSize { get; init; } = 256;
    /// <summary>
    /// Maximum epochs per fold. 16: with 10, even with balanced epochs one fold of seed 42 had not found the lesion
    /// when the learning rate decayed (out-of-fold AUC 0.565); with 16 the same fold found it at epoch 6 (0.997).
    /// </summary>
    public int Epochs { get; init; } = 16;
    /// <summary>Images per batch.</summary>
    public int BatchSize { get; init; } = 16;
    /// <summary>Peak AdamW learning rate of the one-cycle schedule.</summary>
    public double LearningRate { get; init; } = 1e-3;
    /// <summary>AdamW weight decay.</summary>
    public double WeightDecay { get; init; } = 1e-4;
    /// <summary>
    /// Share of all steps spent warming up (cosine from LearningRate/25 to LearningRate) before the cosine decay to 0:
    /// the one-cycle schedule. A short warm-up straight to the peak left the compact CNN stuck at chance on our data.
    /// </summary>
    public double WarmupShare { get; init; } = 0.3;
    /// <summary>
    /// Weight of the auxiliary mask loss: the lesion masks' coverage of each cell of the last feature map, predicted by
    /// a 1x1 convolution (0: image labels only).
    /// </summary>
    public double MaskLossWeight { get; init; }
    /// <summary>
    /// Share of positives in each epoch's draw (0: every image once in a shuffled order, class imbalance left to the
    /// loss's positive weight). Half by default: with the natural 22%, a batch of 16 held three or four positives, the
    /// network found the lesion only after 3 to 7 epochs, and a fold that had not found it when the learning rate
    /// decayed stayed at chance (one fold in most seeds).
    /// </summary>
    public double PositiveShare { get; init; } = 0.5;
    /// <summary>Recompute batch-norm statistics on training images before each evaluation (<see cref="PreciseBatchNorm"/>).</summary>
    public bool PreciseBatchNorm { get; init; } = true;
    /// <summary>Dropout before the classifier.</summary>
    public double Dropout { get; init; } = 0.3;
    /// <summary>Seed of weights, data order, augmentation and inner split.</summary>
    public int Seed { get; init; } = 42;
    /// <summary>Number of folds.</summary>
    public int Folds { get; init; } = 5;
    /// <summary>Fuse age, sex and view position into the head.</summary>
    public bool UseMetadata { get; init; }
    /// <summary>Rotation, scale, shift, brightness and contrast augmentation.</summary>
    public bool Augment { get; init; } = true;
    /// <summary>Left-right flips (off: laterality matters on chest films).</summary>
    public bool HorizontalFlip { get; init; }
    /// <summary>Share of training images that get random wires drawn over them (<see cref="Augmentation.RandomWires"/>; 0: none).</summary>
    public double Wires { get; init; } = 0.5;
    /// <summary>Stop a fold after this many epochs without a better inner-validation AUC (counted from <see cref="EarlyStoppingStart"/>).</summary>
    public int Patience { get; init; } = 3;
    /// <summary>
    /// Share of the epochs before early stopping may act: from scratch the network often finds the pleural line only
    /// once the learning rate decays, and stopping earlier loses those folds.
    /// </summary>
    public double EarlyStoppingStart { get; init; } = 0.5;
    /// <summary>Share of each fold's training images held out for early stopping (never the out-of-fold images).</summary>
    public double InnerValidationShare { get; init; } = 0.15;
    /// <summary><c>auto</c> (CUDA when available), <c>cpu</c>, <c>cuda</c>, <c>cuda:N</c>.</summary>
    public string Device { get; init; } = "auto";
    /// <summary>CPU threads for Torch (0: all cores).</summary>
    public int Threads { get; init; }
    /// <summary>
    /// A PyTorch weights file (<c>.pth</c>, <c>.pt</c>, <c>.safetensors</c>) the backbone starts from instead of random
    /// weights (its head, <c>fc</c> or <c>classifier</c>, is replaced); empty: from scratch.
    /// </summary>
    public string InitWeights { get; init; } = "";
    /// <summary>SHA-256 of <see cref="InitWeights"/>, recorded when the run is created (a changed file is refused).</summary>
    public string InitWeightsSha256 { get; init; } = "";
    /// <summary>Epochs during which a pretrained backbone stays frozen and only the head learns (0: none).</summary>
    public int FreezeEpochs { get; init; }
    /// <summary><c>classification</c> (the image label) or <c>segmentation</c> (a U-Net on the masks, the competition's task).</summary>
    public string Task { get; init; } = "classification";
    /// <summary>Segmentation: share of positives in the first epoch's draw, falling linearly to <see cref="SegmentationShareEnd"/> (first place: 0.8 to 0.4).</summary>
    public double SegmentationShareStart { get; init; } = 0.8;
    /// <summary>Segmentation: share of positives in the last epoch's draw.</summary>
    public double SegmentationShareEnd { get; init; } = 0.4;
    /// <summary>Segmentation: weight of the focal term of the loss (0: BCE + soft Dice only).</summary>
    public double FocalWeight { get; init; }

    /// <summary>JSON options for config files.</summary>
    public static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>Checks ranges.</summary>
    /// <exception cref="ArgumentException">A value out of range, named.</exception>
    public TrainingConfig Validate()
    {
        Modeling.PneumothoraxClassifier.ParseKind(Model);
        if (ImageSize is < 32 or > 2048) throw new ArgumentException($"imageSize {ImageSize}: 32..2048");
        if (Epochs < 1) throw new ArgumentException($"epochs {Epochs}: at least 1");
        if (BatchSize < 2) throw new ArgumentException($"batchSize {BatchSize}: at least 2 (batch norm)");
        if (Folds < 2) throw new ArgumentException($"folds {Folds}: at least 2");
        if (Wires is < 0 or > 1) throw new ArgumentException($"wires {Wires}: a share from 0 to 1");
        if (Task is not ("classification" or "segmentation")) throw new ArgumentException($"task '{Task}': classification or segmentation");
        if (Task == "segmentation" && Model == "densenet121") throw new ArgumentException("task segmentation: the U-Net takes small, resnet18, resnet34 or resnet50 as its encoder");
        if (SegmentationShareStart is < 0 or > 1 || SegmentationShareEnd is < 0 or > 1) throw new ArgumentException("segmentation positive shares: 0 to 1");
        if (FreezeEpochs < 0 || FreezeEpochs >= Epochs) throw new ArgumentException($"freezeEpochs {FreezeEpochs}: 0 up to epochs - 1");
        if (FreezeEpochs > 0 && InitWeights.Length == 0) throw new ArgumentException("freezeEpochs needs initWeights (a frozen random backbone learns nothing)");
        if (InitWeights.Length > 0 && Model is "small" or "compact") throw new ArgumentException($"initWeights: the compact CNN has no pretrained weights; use resnet18, resnet34, resnet50 or densenet121");
        if (WarmupShare is < 0 or >= 1) throw new ArgumentException($"warmupShare {WarmupShare}: 0 up to 1");
        if (PositiveShare is < 0 or >= 1) throw new ArgumentException($"positiveShare {PositiveShare}: 0 (natural order) up to 1");
        if (MaskLossWeight < 0) throw new ArgumentException($"maskLossWeight {MaskLossWeight}: 0 or more");
        if (InnerValidationShare is <= 0 or >= 0.5) throw new ArgumentException($"innerValidationShare {InnerValidationShare}: between 0 and 0.5");
        return this;
    }
}
