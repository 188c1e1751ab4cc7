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
        bool cuda;
        try { cuda = torch.cuda.is_available(); }
        catch (Exception ex) when (ex is TypeInitializationException or DllNotFoundException or NotSupportedException or EntryPointNotFoundException)
        {
            throw new TorchLoadException(LoadFailureMessage(ex, OperatingSystem.IsWindows()), ex);
        }
        if (string.IsNullOrWhiteSpace(requested) || requested.Equals("auto", StringComparison.OrdinalIgnoreCase))
            return cuda ? torch.CUDA : torch.CPU;
        var device = new torch.Device(requested.Trim().ToLowerInvariant());
        if (device.type == DeviceType.CUDA && !torch.cuda.is_available())
            throw new ArgumentException(
                $"Device '{requested}' was requested but CUDA is not available (no GPU, or the CPU build of LibTorch: this build is {BuildBackend}; " +
                "`./pneumo backend cuda` switches every later build). Use 'cpu' or leave it unset.");
        return device;
    }

    /// <summary>
    /// The one line to print when LibTorch does not load. On Windows x64, TorchSharp 0.107.0 with the libtorch 2.10
    /// packages fails to load LibTorchSharp.dll (dotnet/TorchSharp#1567, open) behind a misleading message about
    /// libtorch-cpu-win-x64; the line says so and what to do.
    /// </summary>
    public static string LoadFailureMessage(Exception ex, bool windows) => windows
        ? "LibTorch did not load: TorchSharp 0.107.0 fails to load LibTorchSharp.dll on Windows x64 with libtorch 2.10 (dotnet/TorchSharp#1567, open; "
          + "the message may wrongly say a libtorch-cpu-win-x64 reference is missing). Run the study in WSL2 (Ubuntu) or on Linux, as environment.md says. "
          + $"({ex.GetType().Name}: {FirstLine(ex)})"
        : $"LibTorch did not load ({ex.GetType().Name}: {FirstLine(ex)}); on Debian 12 rebuild with ./pneumo (it patches the libstdc++ requirement, environment.md)";

    private static string FirstLine(Exception ex)
    {
        var inner = ex;
        while (inner.InnerException is not null) inner = inner.InnerException;
        return inner.Message.Split('\n')[0].Trim();
    }

    /// <summary>A one-line description of the backend and the processor, for logs and run configs.</summary>
    public static string Describe(torch.Device device) =>
        $"{device} (build backend {BuildBackend}, LibTorch {torch.__version__}, CUDA available: {torch.cuda.is_available()}, " +
        $"threads: {torch.get_num_threads()}; " +
        $"CPU: {CpuCapability.Current})";

    /// <summary>
    /// The Torch backend this build links, <c>cpu</c> or <c>cuda</c> (MSBuild's <c>TorchBackend</c>, set persistently by
    /// <c>./pneumo backend</c>).
    /// </summary>
    public static string BuildBackend =>
        typeof(TorchDevice).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "TorchBackend")?.Value ?? "unknown";
}

/// <summary>LibTorch's native libraries could not be loaded; the message says why and what to do, in one line.</summary>
public sealed class TorchLoadException(string message, Exception inner) : Exception(message, inner);
