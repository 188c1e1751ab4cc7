using System.Diagnostics;
using System.Globalization;

namespace Pneumo.Benchmarks;

/// <summary>
/// Runs our measurement and the peer's in alternating rounds (ours, peer, ours, peer...) so that both see the same
/// machine state, and reports medians and the ratio ours/peer (higher is better for rates).
/// </summary>
internal sealed class SideBySide
{
    public sealed record Result(string Name, string Unit, double Ours, double Peer, double[] OursRounds, double[] PeerRounds)
    {
        public double Ratio => Ours / Peer;
    }

    public static Result Measure(string name, string unit, int rounds, Func<double> ours, Func<double> peer)
    {
        var a = new double[rounds];
        var b = new double[rounds];
        for (int r = 0; r < rounds; r++)
        {
            a[r] = ours();
            b[r] = peer();
            Console.Error.WriteLine($"  {name} round {r + 1}/{rounds}: ours {a[r]:F1} {unit}, peer {b[r]:F1} {unit}");
        }
        return new Result(name, unit, Median(a), Median(b), a, b);
    }

    /// <summary>A result from rounds measured elsewhere (medians of each side).</summary>
    public static Result Summarize(string name, string unit, double[] ours, double[] peer) => new(name, unit, Median(ours), Median(peer), ours, peer);

    /// <summary>Calls <paramref name="operation"/> for about <paramref name="seconds"/> after a warm-up; returns operations per second.</summary>
    public static double Rate(Action operation, double seconds)
    {
        for (int i = 0; i < 5; i++) operation();
        var watch = Stopwatch.StartNew();
        long n = 0;
        do
        {
            operation();
            n++;
        } while (watch.Elapsed.TotalSeconds < seconds);
        return n / watch.Elapsed.TotalSeconds;
    }

    /// <summary>Runs a peer program that prints "operations seconds"; returns operations per second.</summary>
    public static double PeerRate(string program, params string[] args)
    {
        using var p = Process.Start(PeerStartInfo(program, args)) ?? throw new InvalidOperationException($"cannot start {program}");
        var stdout = p.StandardOutput.ReadToEnd();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed ({p.ExitCode}):\n{stderr}");
        var parts = stdout.Trim().Split(' ');
        return double.Parse(parts[0], CultureInfo.InvariantCulture) / double.Parse(parts[1], CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// How a peer is started: output captured, and without the workplace's OpenBLAS overrides (OPENBLAS_CORETYPE,
    /// OPENBLAS_L2_SIZE), which slow numpy on some processors.
    /// </summary>
    public static ProcessStartInfo PeerStartInfo(string program, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment.Remove("OPENBLAS_CORETYPE");
        psi.Environment.Remove("OPENBLAS_L2_SIZE");
        return psi;
    }

    private static double Median(double[] values)
    {
        var s = values.OrderBy(v => v).ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }
}
