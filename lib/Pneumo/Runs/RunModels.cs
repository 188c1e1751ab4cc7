using Pneumo.Training;
using Pneumo.Compute;
using Pneumo.Data;
using Pneumo.Modeling;
using static TorchSharp.torch;

namespace Pneumo.Runs;

/// <summary>
/// The best model of each fold of a run, each loaded once on first use, with the run's clean table and refined cache
/// opened once: Grad-CAM of any out-of-fold image with the model of the fold that held it out.
/// </summary>
public sealed class RunModels : IDisposable
{
    private readonly ExperimentRun _run;
    private readonly Dictionary<int, PneumothoraxClassifier> _models = [];
    private readonly Dictionary<string, ImageMetadata> _rows;
    private readonly IReadOnlyDictionary<string, int> _folds;
    private readonly RefinedCache _cache;
    private readonly Device _device;

    internal RunModels(ExperimentRun run)
    {
        _run = run;
        var (clean, folds) = run.Inputs();
        _rows = clean.Rows.ToDictionary(r => r.ImageId, StringComparer.Ordinal);
        _folds = folds.Folds;
        _cache = RefinedCache.Open(run.Info.RefinedCache);
        _device = TorchDevice.Select(run.Config.Device == "auto" ? null : run.Config.Device);
    }

    /// <summary>How many fold models are loaded so far.</summary>
    public int Loaded => _models.Count;

    /// <summary>Grad-CAM of <paramref name="imageId"/>: the heatmap, the probability, and the cached image.</summary>
    /// <exception cref="ArgumentException">The image is not in the run's folds.</exception>
    public (float[] Heatmap, double Probability, byte[] Image) GradCam(string imageId)
    {
        if (!_folds.TryGetValue(imageId, out int fold)) throw new ArgumentException($"{imageId} is not in this run's folds");
        var row = _rows[imageId];
        var entry = _cache.Find(imageId) ?? throw new DataFileException($"{imageId} is not in {_cache.Folder}");
        var pixels = new byte[_cache.Size * _cache.Size];
        _cache.ReadImage(entry, pixels);
        if (!_models.TryGetValue(fold, out var model))
        {
            model = FoldTrainer.CreateModel(_run.Config, fold, _device);
            model.load(_run.BestWeightsPath(fold));
            _models[fold] = model;
        }
        using var scope = NewDisposeScope();
        var image = FoldTrainer.Normalize(tensor(pixels.Select(b => b / 255f).ToArray(), [1, 1, _cache.Size, _cache.Size]).to(_device));
        var metadata = tensor(MetadataEncoding.Encode(row), [1, MetadataEncoding.Width]).to(_device);
        var (heat, probability) = Modeling.GradCam.Compute(model, image, metadata);
        return (heat, probability, pixels);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var model in _models.Values) model.Dispose();
        _models.Clear();
        _cache.Dispose();
    }
}
