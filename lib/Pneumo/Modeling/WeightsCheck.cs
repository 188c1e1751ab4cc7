using static TorchSharp.torch;

namespace Pneumo.Modeling;

/// <summary>The outcome of <see cref="WeightsCheck.Run"/>.</summary>
/// <param name="Arch">The architecture (a pretrainable one of <see cref="Architectures"/>).</param>
/// <param name="Report">What loading did.</param>
/// <param name="InputChannels">Channels of the network's input (taken from the file's first convolution).</param>
/// <param name="Classes">Outputs of its head (taken from the file's head).</param>
/// <param name="Output">The network's output for <see cref="WeightsCheck.FixedInput"/>.</param>
public sealed record WeightsCheckResult(string Arch, WeightsReport Report, int InputChannels, int Classes, float[] Output);

/// <summary>
/// Builds the whole torchvision network of an architecture — its own head included, as many input channels and
/// outputs as the file's first convolution and head have — loads a weights file into it and runs a fixed input, so
/// the result can be compared number for number with PyTorch + torchvision on the same file.
/// </summary>
public static class WeightsCheck
{
    /// <summary>A 1 x <paramref name="channels"/> x N x N input whose element at flat index i is sin(0.001·i).</summary>
    public static Tensor FixedInput(int channels, int size)
    {
        long n = (long)channels * size * size;
        var values = new float[n];
        for (long i = 0; i < n; i++) values[i] = (float)Math.Sin(0.001 * i);
        return tensor(values, [1, channels, size, size]);
    }

    /// <summary>Loads <paramref name="file"/> into <paramref name="arch"/> and runs <see cref="FixedInput"/> of side <paramref name="size"/>.</summary>
    /// <exception cref="ArgumentException">Unknown architecture or size.</exception>
    /// <exception cref="Pneumo.DataFileException">The file cannot be read or does not fit.</exception>
    public static WeightsCheckResult Run(string file, string arch, int size = 224)
    {
        Imaging.ImageSize.Check(size, "size");
        var a = Architectures.Get(arch);
        if (!a.Pretrainable) throw new ArgumentException($"{a.Name} has no torchvision counterpart: {Architectures.Names(x => x.Pretrainable)}");
        int channels = 3, classes = 1000;
        var tensors = PretrainedWeights.Read(file);
        try
        {
            foreach (var (key, value) in tensors)
            {
                var k = PretrainedWeights.NormalizeKey(key);
                if (k == a.StemKey) channels = (int)value.shape[1];
                if (k == a.HeadPrefix + "weight") classes = (int)value.shape[0];
            }
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
        using var scope = NewDisposeScope();
        var network = a.Build(channels, classes);
        var report = PretrainedWeights.Load(network, file);
        network.eval();
        using var noGrad = no_grad();
        var input = FixedInput(channels, size);
        var output = Architecture.Logits(network, input).flatten().data<float>().ToArray();
        network.Dispose();
        return new WeightsCheckResult(a.Name, report, channels, classes, output);
    }
}
