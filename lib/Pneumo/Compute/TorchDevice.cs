using TorchSharp;

namespace Pneumo.Compute;

/// <summary>
/// Chooses where tensors live: CUDA when a GPU and a CUDA build of LibTorch are present, otherwise the CPU.
/// The choice can be forced with the <c>PNEUMO_DEVICE</c> environment variable (<c>cpu</c>, <c>cuda</c>, <c>cuda:1</c>).
/// </summary>
public static class TorchDevice
{
    /// <summary>Name of the environment variable that overrides the device choice.</summary>
    public const string EnvironmentVariable = "PNEUMO_DEVICE";

    /// <summary>The device to use: the override if given, else CUDA when available, else CPU.</summary>
    /// <param name="requested">An explicit choice (<c>cpu</c>, <c>cuda</c>, <c>cuda:N</c>) or null for automatic.</param>
    /// <exception cref="ArgumentException">The request names CUDA but no CUDA device is available.</exception>
    public static torch.Device Select(string? requested = null)
    {
        requested ??= Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(requested) || requested.Equals("auto", StringComparison.OrdinalIgnoreCase))
            return torch.cuda.is_available() ? torch.CUDA : torch.CPU;
        var device = new torch.Device(requested.Trim().ToLowerInvariant());
        if (device.type == DeviceType.CUDA && !torch.cuda.is_available())
            throw new ArgumentException(
                $"Device '{requested}' was requested but CUDA is not available (no GPU, or the CPU build of LibTorch; " +
                "build with -p:TorchBackend=cuda). Use 'cpu' or leave it unset.");
        return device;
    }

    /// <summary>A one-line description of the backend, for logs and run configs.</summary>
    public static string Describe(torch.Device device) =>
        $"{device} (LibTorch {torch.__version__}, CUDA available: {torch.cuda.is_available()}, threads: {torch.get_num_threads()})";
}
