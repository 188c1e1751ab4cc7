using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pneumo.Training;

/// <summary>Every parameter of a training run; written to the run's <c>config.json</c>.</summary>
public sealed record TrainingConfig
{
    /// <summary>The backbone, a name in <see cref="Modeling.Architectures"/>.</summary>
    [StudyParameter("PNEUMO_MODEL", "the backbone")]
    public string Model { get; init; } = "small";
    /// <summary>Image size (must match the refined cache).</summary>
    [StudyParameter("PNEUMO_IMAGE_SIZE", "training image size in pixels (512 or 1024 on a GPU)")]
    public int ImageSize { get; init; } = 256;
    /// <summary>
    /// Maximum epochs per fold. 16: with 10, even with balanced epochs one fold of seed 42 had not found the lesion
    /// when the learning rate decayed (out-of-fold AUC 0.565); with 16 the same fold found it at epoch 6 (0.997).
    /// </summary>
    [StudyParameter("PNEUMO_EPOCHS", "maximum epochs per fold")]
    public int Epochs { get; init; } = 16;
    /// <summary>Images per batch.</summary>
    [StudyParameter("PNEUMO_BATCH_SIZE", "images per batch")]
    public int BatchSize { get; init; } = 16;
    /// <summary>Peak AdamW learning rate of the one-cycle schedule.</summary>
    [StudyParameter("PNEUMO_LEARNING_RATE", "peak AdamW learning rate of the one-cycle schedule")]
    public double LearningRate { get; init; } = 1e-3;
    /// <summary>AdamW weight decay.</summary>
    [StudyParameter("PNEUMO_WEIGHT_DECAY", "AdamW weight decay")]
    public double WeightDecay { get; init; } = 1e-4;
    /// <summary>
    /// Share of all steps spent warming up (cosine from LearningRate/25 to LearningRate) before the cosine decay to 0:
    /// the one-cycle schedule. A short warm-up straight to the peak left the compact CNN stuck at chance on our data.
    /// </summary>
    [StudyParameter("PNEUMO_WARMUP_SHARE", "share of all steps spent warming up")]
    public double WarmupShare { get; init; } = 0.3;
    /// <summary>
    /// Weight of the auxiliary mask loss: the lesion masks' coverage of each cell of the last feature map, predicted by
    /// a 1x1 convolution (0: image labels only).
    /// </summary>
    [StudyParameter("PNEUMO_MASK_LOSS_WEIGHT", "weight of the auxiliary lesion-mask loss (0: image labels only)")]
    public double MaskLossWeight { get; init; }
    /// <summary>
    /// Share of positives in each epoch's draw (0: every image once in a shuffled order, class imbalance left to the
    /// loss's positive weight). Half by default: with the natural 22%, a batch of 16 held three or four positives, the
    /// network found the lesion only after 3 to 7 epochs, and a fold that had not found it when the learning rate
    /// decayed stayed at chance (one fold in most seeds).
    /// </summary>
    [StudyParameter("PNEUMO_POSITIVE_SHARE", "share of positives drawn per epoch (0: every image once, imbalance left to the loss weight)")]
    public double PositiveShare { get; init; } = 0.5;
    /// <summary>Recompute batch-norm statistics on training images before each evaluation (<see cref="PreciseBatchNorm"/>).</summary>
    [StudyParameter("PNEUMO_PRECISE_BATCH_NORM", "recompute batch-norm statistics on training images before each validation")]
    public bool PreciseBatchNorm { get; init; } = true;
    /// <summary>Dropout before the classifier.</summary>
    [StudyParameter("PNEUMO_DROPOUT", "dropout before the classifier")]
    public double Dropout { get; init; } = 0.3;
    /// <summary>Seed of weights, data order, augmentation and inner split.</summary>
    [StudyParameter("PNEUMO_SEED", "seed of folds, weights, data order and augmentation")]
    public int Seed { get; init; } = 42;
    /// <summary>Number of folds.</summary>
    [StudyParameter("PNEUMO_FOLDS", "folds of the stratified, patient-grouped split")]
    public int Folds { get; init; } = 5;
    /// <summary>Fuse age, sex and view position into the head.</summary>
    [StudyParameter("PNEUMO_METADATA", "fuse age, sex and view position into the model")]
    public bool UseMetadata { get; init; }
    /// <summary>Rotation, scale, shift, brightness and contrast augmentation.</summary>
    [StudyParameter("PNEUMO_AUGMENT", "rotation, scale, shift, brightness and contrast augmentation")]
    public bool Augment { get; init; } = true;
    /// <summary>Left-right flips (off: laterality matters on chest films).</summary>
    [StudyParameter("PNEUMO_HORIZONTAL_FLIP", "left-right flips (off: laterality matters)")]
    public bool HorizontalFlip { get; init; }
    /// <summary>Share of training images that get random wires drawn over them (<see cref="Augmentation.RandomWires"/>; 0: none).</summary>
    [StudyParameter("PNEUMO_WIRES", "share of training images with random wires drawn over them, so that a line alone is not read as a pleural line (0: none)")]
    public double Wires { get; init; } = 0.5;
    /// <summary>Stop a fold after this many epochs without a better inner-validation AUC (counted from <see cref="EarlyStoppingStart"/>).</summary>
    [StudyParameter("PNEUMO_PATIENCE", "epochs without a better inner-validation AUC before a fold stops")]
    public int Patience { get; init; } = 3;
    /// <summary>
    /// Share of the epochs before early stopping may act: from scratch the network often finds the pleural line only
    /// once the learning rate decays, and stopping earlier loses those folds. On the version 3 sample the folds found it
    /// at epochs 8 to 13 of 16; at 0.5 one fold was stopped at epoch 12, before it had (seed 1, fold 3: out-of-fold AUC 0.44).
    /// </summary>
    [StudyParameter("PNEUMO_EARLY_STOPPING_START", "share of the epochs before early stopping may act")]
    public double EarlyStoppingStart { get; init; } = 0.75;
    /// <summary>Share of each fold's training images held out for early stopping (never the out-of-fold images).</summary>
    [StudyParameter("PNEUMO_INNER_VALIDATION_SHARE", "share of each fold's training images held out for early stopping")]
    public double InnerValidationShare { get; init; } = 0.15;
    /// <summary><c>auto</c> (CUDA when available), <c>cpu</c>, <c>cuda</c>, <c>cuda:N</c>.</summary>
    [StudyParameter("PNEUMO_DEVICE", "auto (CUDA when available), cpu, cuda or cuda:N")]
    public string Device { get; init; } = "auto";
    /// <summary>CPU threads for Torch (0: all cores).</summary>
    [StudyParameter("PNEUMO_THREADS", "CPU threads for Torch (0: all cores)")]
    public int Threads { get; init; }
    /// <summary>
    /// A PyTorch weights file (<c>.pth</c>, <c>.pt</c>, <c>.safetensors</c>) the backbone starts from instead of random
    /// weights (its head, <c>fc</c> or <c>classifier</c>, is replaced); empty: from scratch.
    /// </summary>
    [StudyParameter("PNEUMO_INIT_WEIGHTS", "PyTorch weights (.pth, .pt, .safetensors) the backbone starts from; its head is replaced (empty: from scratch)")]
    public string InitWeights { get; init; } = "";
    /// <summary>SHA-256 of <see cref="InitWeights"/>, recorded when the run is created (a changed file is refused).</summary>
    public string InitWeightsSha256 { get; init; } = "";
    /// <summary>Epochs during which a pretrained backbone stays frozen and only the head learns (0: none).</summary>
    [StudyParameter("PNEUMO_FREEZE_EPOCHS", "epochs during which a pretrained backbone stays frozen and only the head learns")]
    public int FreezeEpochs { get; init; }
    /// <summary>Classification (the image label) or segmentation (a U-Net on the masks, the competition's task).</summary>
    [StudyParameter("PNEUMO_TASK", "classification (the image label) or segmentation (a U-Net on the masks)")]
    public TrainingTask Task { get; init; } = TrainingTask.Classification;
    /// <summary>Segmentation: share of positives in the first epoch's draw, falling linearly to <see cref="SegmentationShareEnd"/> (first place: 0.8 to 0.4).</summary>
    [StudyParameter("PNEUMO_SEGMENTATION_SHARE_START", "segmentation: share of positives in the first epoch, falling linearly to the end share")]
    public double SegmentationShareStart { get; init; } = 0.8;
    /// <summary>Segmentation: share of positives in the last epoch's draw.</summary>
    [StudyParameter("PNEUMO_SEGMENTATION_SHARE_END", "segmentation: share of positives in the last epoch")]
    public double SegmentationShareEnd { get; init; } = 0.4;
    /// <summary>Segmentation: weight of the focal term of the loss (0: BCE + soft Dice only).</summary>
    [StudyParameter("PNEUMO_FOCAL_WEIGHT", "segmentation: weight of the focal term of the loss (0: BCE + soft Dice)")]
    public double FocalWeight { get; init; }

    /// <summary>JSON options for config files.</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    /// <summary>Checks ranges.</summary>
    /// <exception cref="ArgumentException">A value out of range, named.</exception>
    public TrainingConfig Validate()
    {
        var architecture = Modeling.Architectures.Get(Model);
        Imaging.ImageSize.Check(ImageSize);
        if (Epochs < 1) throw new ArgumentException($"epochs {Epochs}: at least 1");
        if (BatchSize < 2) throw new ArgumentException($"batchSize {BatchSize}: at least 2 (batch norm)");
        if (Folds < 2) throw new ArgumentException($"folds {Folds}: at least 2");
        if (Wires is < 0 or > 1) throw new ArgumentException($"wires {Wires}: a share from 0 to 1");
        if (!Enum.IsDefined(Task)) throw new ArgumentException($"task {Task}: classification or segmentation");
        if (Task == TrainingTask.Segmentation && !architecture.HasPyramid)
            throw new ArgumentException($"task segmentation: the U-Net takes {Modeling.Architectures.Names(a => a.HasPyramid)} as its encoder, not {architecture.Name}");
        if (SegmentationShareStart is < 0 or > 1 || SegmentationShareEnd is < 0 or > 1) throw new ArgumentException("segmentation positive shares: 0 to 1");
        if (FreezeEpochs < 0 || FreezeEpochs >= Epochs) throw new ArgumentException($"freezeEpochs {FreezeEpochs}: 0 up to epochs - 1");
        if (FreezeEpochs > 0 && InitWeights.Length == 0) throw new ArgumentException("freezeEpochs needs initWeights (a frozen random backbone learns nothing)");
        if (InitWeights.Length > 0 && !architecture.Pretrainable)
            throw new ArgumentException($"initWeights: {architecture.Name} has no pretrained weights; use {Modeling.Architectures.Names(a => a.Pretrainable)}");
        if (WarmupShare is < 0 or >= 1) throw new ArgumentException($"warmupShare {WarmupShare}: 0 up to 1");
        if (PositiveShare is < 0 or >= 1) throw new ArgumentException($"positiveShare {PositiveShare}: 0 (natural order) up to 1");
        if (MaskLossWeight < 0) throw new ArgumentException($"maskLossWeight {MaskLossWeight}: 0 or more");
        if (InnerValidationShare is <= 0 or >= 0.5) throw new ArgumentException($"innerValidationShare {InnerValidationShare}: between 0 and 0.5");
        return this;
    }
}
