using Pneumo.Training;

namespace Pneumo.Runs;

/// <summary>
/// The layout of a run folder <c>results/runs/&lt;run-id&gt;/</c>: every file of a run, classification and
/// segmentation, and of its folds (<see cref="FoldLayout"/>). The one place a run's file names are written.
/// </summary>
/// <param name="Folder">The run folder (full path).</param>
public sealed record RunLayout(string Folder)
{
    /// <summary>Parameters and provenance.</summary>
    public string Config => File("config.json");
    /// <summary>The run's copy of the clean table.</summary>
    public string CleanTable => File("clean.csv");
    /// <summary>The run's copy of the split (with <c>fold-balance.csv</c> beside it).</summary>
    public string Folds => File("folds.csv");
    /// <summary>The pooled out-of-fold predictions of all folds.</summary>
    public string Predictions => File("oof-predictions.csv");
    /// <summary>The evaluation (<see cref="MetricsFile"/>).</summary>
    public string Metrics => File("metrics.json");
    /// <summary>Per-fold figures of a classification run.</summary>
    public string FoldMetrics => File("fold-metrics.csv");
    /// <summary>The pooled ROC curve.</summary>
    public string Roc => File("roc.csv");
    /// <summary>The pooled precision-recall curve.</summary>
    public string PrecisionRecall => File("pr.csv");
    /// <summary>The calibration table before and after calibration.</summary>
    public string Calibration => File("calibration.csv");
    /// <summary>A segmentation run's pooled out-of-fold masks in the Kaggle layout.</summary>
    public string OutOfFoldMasks => File("oof-masks.csv");
    /// <summary>TensorBoard event files.</summary>
    public string TensorBoard => File("tensorboard");
    /// <summary>Grad-CAM overlays written by <c>./pneumo evaluate --gradcam</c>.</summary>
    public string GradCam => File("gradcam");

    /// <summary>The files of fold <paramref name="fold"/>.</summary>
    public FoldLayout Fold(int fold) => new(File($"fold-{fold}"));

    private string File(string name) => Path.Combine(Folder, name);
}

/// <summary>The files of one fold of a run (<see cref="RunLayout.Fold"/>).</summary>
/// <param name="Folder">The fold's folder.</param>
public sealed record FoldLayout(string Folder)
{
    /// <summary>The fold's out-of-fold predictions: written last, so its presence means the fold is done.</summary>
    public string Predictions => File("predictions.csv");
    /// <summary>The inner-validation predictions of the best model: what calibration and thresholds are fitted on.</summary>
    public string ValidationPredictions => File("validation-predictions.csv");
    /// <summary>A segmentation fold's out-of-fold masks at the DICOM's size (Kaggle layout).</summary>
    public string SegmentationMasks => File("segmentation-masks.csv");
    /// <summary>A segmentation fold's Dice per out-of-fold image.</summary>
    public string SegmentationDice => File("segmentation-dice.csv");
    /// <summary>A segmentation fold's triplet chosen on its inner validation.</summary>
    public string SegmentationDecision => File("segmentation-decision.json");

    /// <summary>What the trainer of <paramref name="task"/> keeps here (segmentation's files carry a prefix, so both tasks can share a fold folder).</summary>
    public FoldFiles Training(TrainingTask task)
    {
        var prefix = task == TrainingTask.Segmentation ? "segmentation-" : "";
        return new FoldFiles(Folder, File(prefix + "state.json"), File(prefix + "checkpoint.weights"), File(prefix + "checkpoint.optimizer"),
            File(prefix + "best.weights"), File(prefix + "epochs.csv"));
    }

    private string File(string name) => Path.Combine(Folder, name);
}
