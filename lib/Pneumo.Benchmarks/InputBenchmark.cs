using System.Diagnostics;
using System.Globalization;
using System.Text;
using Pneumo.Compute;
using Pneumo.Data;
using Pneumo.Training;
using Pneumo.Training.Augmentation;
using TorchSharp;
using static TorchSharp.torch;

namespace Pneumo.Benchmarks;

/// <summary>
/// The training input on its own, as FoldTrainer runs it on the CPU: batches of 16 read from the memory-mapped refined
/// cache (uint8), made a float tensor on the device (× 1/255), augmented with the default recipe (random affine,
/// brightness/contrast, wires) and normalised; images/s at each size and thread count. Three depths show what limits it:
/// the cache read alone, the read and the tensor, and the whole input.
/// </summary>
internal static class InputBenchmark
{
    public sealed record Row(int Size, int Threads, double ReadOnly, double ToTensor, double Augmented);

    public static IReadOnlyList<Row> Run(string root, IReadOnlyList<int> sizes, IReadOnlyList<int> threads, double seconds)
    {
        var dataset = SiimDataset.Open(root);
        var labels = dataset.ReadLabels();
        var clean = Cleaning.Run(root, verifyPixels: false).Clean;
        var work = Directory.CreateTempSubdirectory("pneumo-input-bench-").FullName;
        var rows = new List<Row>();
        try
        {
            foreach (var size in sizes)
            {
                RefinedCache.Build(dataset, labels, clean, work, size);
                using var cache = RefinedCache.Open(RefinedCache.FolderFor(work, size));
                var samples = cache.Entries.Select(e => new TrainingSample(e.ImageId, e, e.Label, new float[MetadataEncoding.Width])).ToList();
                var augment = Augmentations.For(new TrainingConfig());
                foreach (var t in threads)
                {
                    torch.set_num_threads(t);
                    var random = new Random(1);
                    double Rate(Action<PreparedBatch> step)
                    {
                        int seen = 0, at = 0;
                        void One()
                        {
                            var batch = BatchSource.Prepare(cache, Enumerable.Range(0, 16).Select(i => samples[(at + i) % samples.Count]).ToList());
                            at += 16;
                            step(batch);
                            seen += 16;
                        }
                        for (int i = 0; i < 4; i++) One();
                        seen = 0;
                        var watch = Stopwatch.StartNew();
                        while (watch.Elapsed.TotalSeconds < seconds) One();
                        return seen / watch.Elapsed.TotalSeconds;
                    }
                    var device = CPU;
                    double read = Rate(_ => { });
                    double tensorOnly = Rate(b =>
                    {
                        using var scope = NewDisposeScope();
                        _ = tensor(b.Pixels, [16, 1, size, size], dtype: ScalarType.Byte).to(device).to(ScalarType.Float32).mul(StableScalars.Inverse255);
                    });
                    double full = Rate(b =>
                    {
                        using var scope = NewDisposeScope();
                        var images = tensor(b.Pixels, [16, 1, size, size], dtype: ScalarType.Byte).to(device).to(ScalarType.Float32).mul(StableScalars.Inverse255);
                        var (augmented, _) = TrainingStep.Augment(images, null, augment, random);
                        _ = FoldTrainer.Normalize(augmented);
                    });
                    rows.Add(new Row(size, t, read, tensorOnly, full));
                    Console.Error.WriteLine($"  {size} px, {t} threads: read {read:F0}, + tensor {tensorOnly:F0}, + augmentation {full:F0} images/s");
                }
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
        return rows;
    }

    public static string Markdown(IReadOnlyList<Row> rows)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder("| size | threads | cache read (images/s) | + float tensor | + augmentation and normalisation (the training input) |\n| ---: | ---: | ---: | ---: | ---: |\n");
        foreach (var r in rows) sb.Append(string.Create(inv, $"| {r.Size} | {r.Threads} | {r.ReadOnly:F0} | {r.ToTensor:F0} | **{r.Augmented:F0}** |\n"));
        return sb.ToString();
    }
}
