namespace Pneumo.Training;

/// <summary>What a run learns; written to <c>config.json</c> and <c>metrics.json</c> as <c>classification</c> or <c>segmentation</c>.</summary>
public enum TrainingTask
{
    /// <summary>The image label: a classifier per fold, scored by ROC AUC.</summary>
    Classification,
    /// <summary>The masks, the competition's task: a U-Net per fold, scored by the competition's mean Dice.</summary>
    Segmentation,
}
