using System.Text.Json;

namespace Pneumo.Runner.Kernel;

/// <summary>The Jupyter kernelspec <c>pneumo-csharp</c> ("C# (Pneumo)"): where it goes and what it starts.</summary>
public static class KernelSpec
{
    /// <summary>Kernel name.</summary>
    public const string Name = "pneumo-csharp";
    /// <summary>Display name in VS Code and Jupyter.</summary>
    public const string DisplayName = "C# (Pneumo)";

    /// <summary>The kernels folder: the user's (~/.local/share/jupyter/kernels) or the system-wide one under <paramref name="prefix"/>.</summary>
    public static string KernelsFolder(bool user, string? prefix = null)
    {
        if (prefix is not null) return Path.Combine(prefix, "share", "jupyter", "kernels");
        if (user)
            return OperatingSystem.IsWindows()
                ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "jupyter", "kernels")
                : OperatingSystem.IsMacOS()
                    ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), "Library", "Jupyter", "kernels")
                    : Path.Combine(Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } x ? x : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share"), "jupyter", "kernels");
        return OperatingSystem.IsWindows() ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.CommonApplicationData), "jupyter", "kernels") : "/usr/local/share/jupyter/kernels";
    }

    /// <summary>Writes <c>kernel.json</c> starting <paramref name="argv"/> + <c>kernel run --connection-file {connection_file}</c>; returns its folder.</summary>
    public static string Install(string kernelsFolder, IReadOnlyList<string> argv)
    {
        var folder = Path.Combine(kernelsFolder, Name);
        Directory.CreateDirectory(folder);
        var spec = new
        {
            argv = argv.Concat(["kernel", "run", "--connection-file", "{connection_file}"]).ToArray(),
            display_name = DisplayName,
            language = "C#",
            interrupt_mode = "message",
            metadata = new { debugger = false },
        };
        File.WriteAllText(Path.Combine(folder, "kernel.json"), JsonSerializer.Serialize(spec, new JsonSerializerOptions { WriteIndented = true }));
        return folder;
    }

    /// <summary>Removes the kernelspec; false when it was not installed there.</summary>
    public static bool Uninstall(string kernelsFolder)
    {
        var folder = Path.Combine(kernelsFolder, Name);
        if (!Directory.Exists(folder)) return false;
        Directory.Delete(folder, recursive: true);
        return true;
    }
}
