using System.Diagnostics;
using System.Globalization;
using Pneumo.Modeling;
using Pneumo.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Pneumo.Benchmarks;

/// <summary>
/// Training throughput of ResNet-18 (one-channel stem, Pneumo's head) at 1x256x256, batch 16, AdamW, on the CPU with
/// the given threads: TorchSharp against Debian's PyTorch 1.13.1 on the same architecture, in alternating rounds.
/// </summary>
internal static class TrainingBenchmark
{
    public static IReadOnlyList<SideBySide.Result> Run(int steps, int threads, int rounds)
    {
        torch.set_num_threads(threads);
        torch.manual_seed(1);
        using var model = new PneumothoraxClassifier(Architectures.ResNet18, useMetadata: false);
        model.train();
        using var optimizer = optim.AdamW(model.parameters(), 1e-3, weight_decay: 1e-4);
        using var x = rand(16, 1, 256, 256);
        using var y = (rand(16) > 0.7).to(float32);
        using var meta = zeros(16, 4);
        void Step()
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = nn.functional.binary_cross_entropy_with_logits(model.forward(FoldTrainer.Normalize(x), meta), y, null, nn.Reduction.Mean, null);
            loss.backward();
            optimizer.step();
        }
        double Ours()
        {
            for (int i = 0; i < 2; i++) Step();
            var watch = Stopwatch.StartNew();
            for (int i = 0; i < steps; i++) Step();
            return steps * 16 / watch.Elapsed.TotalSeconds;
        }
        var peer = Path.Combine(AppContext.BaseDirectory, "peers", "pytorch_train_bench.py");
        var result = SideBySide.Measure("ResNet-18 training, batch 16, 1x256x256", "images/s", rounds, Ours,
            () => SideBySide.PeerRate("/usr/bin/python3", peer, steps.ToString(CultureInfo.InvariantCulture), threads.ToString(CultureInfo.InvariantCulture)));
        return [result];
    }
}
