using System.Diagnostics;

namespace Pneumo.Tests;

/// <summary>
/// Runs a peer program (dcmtk's dcmdump, Debian's python3 with pydicom). A missing peer is a failure with the install
/// command, never a silent skip: .ci/run installs them.
/// </summary>
internal static class ExternalTool
{
    public const string DebianPython = "/usr/bin/python3";

    public static (int ExitCode, string Stdout, string Stderr) Run(string program, IEnumerable<string> args, string? stdin = null, int timeoutMs = 120_000)
    {
        var psi = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {program}");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException(
                $"{program} is needed by this test and is not installed: on Debian run `apt-get install dcmtk python3-pydicom python3-pil python3-numpy` (.ci/run does)", ex);
        }
        using (process)
        {
            if (stdin is not null)
            {
                process.StandardInput.Write(stdin);
                process.StandardInput.Close();
            }
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeoutMs))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{program} did not finish in {timeoutMs} ms");
            }
            return (process.ExitCode, stdout.Result, stderr.Result);
        }
    }

    /// <summary>Runs a Python snippet with Debian's python3 (which has pydicom); fails with the install hint if pydicom is missing.</summary>
    public static string Python(string script, params string[] args)
    {
        var (code, stdout, stderr) = Run(DebianPython, new[] { "-c", script }.Concat(args));
        if (stderr.Contains("No module named", StringComparison.Ordinal))
            throw new InvalidOperationException($"Debian's python3 lacks a module: `apt-get install python3-pydicom python3-pil python3-numpy` (.ci/run does).\n{stderr}");
        Assert.True(code == 0, $"python3 failed with exit code {code}:\n{stderr}");
        return stdout;
    }
}
