using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using TorchSharp;

namespace Pneumo.Compute;

/// <summary>
/// The processor and the instruction sets LibTorch computes with on it. ATen picks its vectorised CPU kernels by the
/// processor's capability (<c>DEFAULT</c>, <c>AVX2</c>, <c>AVX512</c>; lowered with <c>ATEN_CPU_CAPABILITY</c>), oneDNN
/// its convolutions by the instruction set (capped with <c>ONEDNN_MAX_CPU_ISA</c>) and MKL its matrix products likewise
/// (<c>MKL_ENABLE_INSTRUCTIONS</c>). Each sums in its own order, so the last bits of a training step, and with them the
/// trajectory of a run, differ between an AVX-512 and an AVX2 machine; every run records which it had.
/// </summary>
/// <param name="Model">The processor's name with its family and model numbers (<c>/proc/cpuinfo</c>; on Windows the
/// processor identifier).</param>
/// <param name="Aten">ATen's CPU capability as LibTorch reports it (<c>at::get_cpu_capability()</c>), or as ATen would
/// derive it from the processor and <c>ATEN_CPU_CAPABILITY</c> where it cannot be asked (marked "derived").</param>
/// <param name="Overrides">The instruction-set overrides set in the environment (<c>ATEN_CPU_CAPABILITY=avx2</c>...), or
/// "none".</param>
public sealed record CpuCapability(string Model, string Aten, string Overrides)
{
    /// <summary>The environment variables that cap the instruction sets LibTorch's libraries use.</summary>
    public static readonly IReadOnlyList<string> OverrideVariables = ["ATEN_CPU_CAPABILITY", "ONEDNN_MAX_CPU_ISA", "MKL_ENABLE_INSTRUCTIONS"];

    private static readonly Lazy<CpuCapability> Cached = new(Read);

    /// <summary>This process's processor and capability (read once; LibTorch is loaded to ask it).</summary>
    public static CpuCapability Current => Cached.Value;

    /// <summary>The capability with its overrides, as a run records it: <c>AVX2, overrides: ATEN_CPU_CAPABILITY=avx2 ...</c>.</summary>
    public string Capability => $"{Aten}, overrides: {Overrides}";

    /// <summary>One line for logs: <c>AMD EPYC (family 26, model 2), ATen capability AVX512, overrides: none</c>.</summary>
    public override string ToString() => $"{Model}, ATen capability {Capability}";

    private static CpuCapability Read()
    {
        var overrides = OverrideVariables.Select(v => (Name: v, Value: Environment.GetEnvironmentVariable(v)))
            .Where(v => !string.IsNullOrWhiteSpace(v.Value)).Select(v => $"{v.Name}={v.Value}").ToList();
        var aten = AskAten() ?? DerivedAten() + " (derived)";
        return new CpuCapability(ProcessorModel(), aten, overrides.Count == 0 ? "none" : string.Join(" ", overrides));
    }

    /// <summary>
    /// What ATen would choose: the override when the processor has it, else AVX512 with AVX-512 F/BW/DQ/VL and FMA, else
    /// AVX2 with AVX2 and FMA, else DEFAULT.
    /// </summary>
    internal static string DerivedAten()
    {
        bool avx512 = Avx512F.IsSupported && Avx512BW.IsSupported && Avx512DQ.IsSupported && Avx512F.VL.IsSupported && Fma.IsSupported;
        bool avx2 = Avx2.IsSupported && Fma.IsSupported;
        var forced = Environment.GetEnvironmentVariable("ATEN_CPU_CAPABILITY")?.Trim().ToLowerInvariant();
        return forced switch
        {
            "default" => "DEFAULT",
            "avx2" when avx2 => "AVX2",
            "avx512" when avx512 => "AVX512",
            _ => avx512 ? "AVX512" : avx2 ? "AVX2" : "DEFAULT",
        };
    }

    /// <summary>
    /// Asks LibTorch (<c>at::get_cpu_capability()</c>, which returns a <c>std::string</c>): on Linux x64 with GCC's
    /// string layout (pointer, length, 16-byte inline buffer); null where that does not apply or the call is unavailable.
    /// </summary>
    private static unsafe string? AskAten()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64) return null;
        try
        {
            _ = torch.get_num_threads(); // loads LibTorch
            if (!NativeLibrary.TryLoad("libtorch_cpu.so", typeof(torch).Assembly, null, out var library)
                || !NativeLibrary.TryGetExport(library, "_ZN2at18get_cpu_capabilityB5cxx11Ev", out var export)) return null;
            var text = stackalloc byte[32];
            ((delegate* unmanaged<byte*, void>)export)(text); // the std::string is returned through the hidden first argument
            byte* chars = *(byte**)text;
            long length = *(long*)(text + 8);
            // the capability names are short: they sit in the inline buffer, so nothing is left to free
            if (chars != text + 16 || length is < 1 or > 15) return null;
            return System.Text.Encoding.ASCII.GetString(chars, (int)length);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or TypeInitializationException or BadImageFormatException)
        {
            return null;
        }
    }

    private static string ProcessorModel()
    {
        if (OperatingSystem.IsWindows())
        {
            // "Intel64 Family 6 Model 158 Stepping 10, GenuineIntel" and the name the registry holds
            var id = Environment.GetEnvironmentVariable("PROCESSOR_IDENTIFIER") ?? "";
            const string Key = @"HKEY_LOCAL_MACHINE\HARDWARE\DESCRIPTION\System\CentralProcessor\0";
            var name = Microsoft.Win32.Registry.GetValue(Key, "ProcessorNameString", null) as string;
            var numbers = System.Text.RegularExpressions.Regex.Match(id, @"Family (\d+) Model (\d+)");
            return $"{(string.IsNullOrWhiteSpace(name) ? "unknown processor" : name.Trim())}" +
                (numbers.Success ? $" (family {numbers.Groups[1].Value}, model {numbers.Groups[2].Value})" : "");
        }
        try
        {
            if (File.Exists("/proc/cpuinfo"))
            {
                var fields = File.ReadLines("/proc/cpuinfo").TakeWhile(l => l.Length > 0).Select(l => l.Split(':', 2))
                    .Where(p => p.Length == 2).GroupBy(p => p[0].Trim()).ToDictionary(g => g.Key, g => g.First()[1].Trim());
                var name = fields.GetValueOrDefault("model name") ?? fields.GetValueOrDefault("Model") ?? "unknown processor";
                return fields.TryGetValue("cpu family", out var family) && fields.TryGetValue("model", out var model)
                    ? $"{name} (family {family}, model {model})" : name;
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return $"unknown processor ({RuntimeInformation.ProcessArchitecture})";
    }
}
