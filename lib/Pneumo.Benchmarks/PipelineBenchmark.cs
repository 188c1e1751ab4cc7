using System.Diagnostics;
using System.Globalization;

namespace Pneumo.Benchmarks;

/// <summary>
/// The data stage end to end, stage by stage, as two processes each: our command line (`pneumo metadata`, `clean
/// --no-verify-pixels`, `preprocess --size N`) against the Python pipeline people write (peers/python_pipeline.py:
/// pydicom, pandas, Pillow's BOX resize, multiprocessing.Pool over the cores), alternating round by round. Wall time
/// and peak resident memory come from /usr/bin/time; every round starts from empty output folders.
/// </summary>
internal static class PipelineBenchmark
{
    public sealed record Stage(string Name, SideBySide.Result Rate, double OursPeakMb, double PeerPeakMb, long OursBytes, long PeerBytes);

    public static IReadOnlyList<Stage> Run(string root, string cli, IReadOnlyList<int> sizes, int rounds)
    {
        if (!File.Exists("/usr/bin/time")) throw new InvalidOperationException("/usr/bin/time is needed (Debian: apt-get install time)");
        if (!File.Exists(cli)) throw new InvalidOperationException($"{cli} is not built: run ./pneumo --help once");
        var peer = Path.Combine(AppContext.BaseDirectory, "peers", "python_pipeline.py");
        var work = Directory.CreateTempSubdirectory("pneumo-pipeline-bench-").FullName;
        int files = Directory.GetFiles(Path.Combine(root, "dicom-images-train"), "*.dcm", SearchOption.AllDirectories).Length;
        var stages = new List<Stage>();
        try
        {
            // the clean tables both preprocessing steps read, made once
            Exec("dotnet", [cli, "clean", root, "--out", Path.Combine(work, "ours-clean"), "--no-verify-pixels"]);
            Exec("/usr/bin/python3", [peer, "clean", root, Path.Combine(work, "peer-clean.csv")]);
            int images = File.ReadLines(Path.Combine(work, "ours-clean", "clean.csv")).Count() - 1;
            stages.Add(Measure(root, $"header scan, {files} files", "files/s", files, rounds,
                r => (["dotnet", cli, "metadata", root, "--out", Path.Combine(work, $"ours-scan-{r}.csv")], null),
                r => (["/usr/bin/python3", peer, "scan", root, Path.Combine(work, $"peer-scan-{r}.csv")], null)));
            stages.Add(Measure(root, $"cleaning (scan, labels, duplicates, ages), {files} files", "files/s", files, rounds,
                r => (["dotnet", cli, "clean", root, "--out", Path.Combine(work, $"ours-clean-{r}"), "--no-verify-pixels"], null),
                r => (["/usr/bin/python3", peer, "clean", root, Path.Combine(work, $"peer-clean-{r}.csv")], null)));
            foreach (var size in sizes)
            {
                stages.Add(Measure(root, $"preprocessing to {size} px, {images} images", "images/s", images, rounds,
                    r => (["dotnet", cli, "preprocess", root, "--out", Path.Combine(work, $"ours-{size}-{r}"), "--size", size.ToString(CultureInfo.InvariantCulture),
                        "--clean", Path.Combine(work, "ours-clean", "clean.csv")], Path.Combine(work, $"ours-{size}-{r}", $"size-{size}")),
                    r => (["/usr/bin/python3", peer, "preprocess", root, Path.Combine(work, "peer-clean.csv"), size.ToString(CultureInfo.InvariantCulture),
                        Path.Combine(work, $"peer-{size}-{r}")], Path.Combine(work, $"peer-{size}-{r}"))));
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
        return stages;
    }

    /// <summary>Reads every DICOM of the dataset once, so that both sides find the films in the page cache.</summary>
    private static void WarmPageCache(string root)
    {
        var buffer = new byte[1 << 20];
        foreach (var path in Directory.EnumerateFiles(Path.Combine(root, "dicom-images-train"), "*.dcm", SearchOption.AllDirectories))
        {
            using var stream = File.OpenRead(path);
            while (stream.Read(buffer) > 0) { }
        }
    }

    private static Stage Measure(string root, string name, string unit, int count, int rounds, Func<int, (string[] Command, string? Output)> ours, Func<int, (string[] Command, string? Output)> peer)
    {
        var a = new double[rounds];
        var b = new double[rounds];
        double aMem = 0, bMem = 0;
        long aBytes = 0, bBytes = 0;
        for (int r = 0; r < rounds; r++)
        {
            // ours runs first in each round: without this, ours would read the films from disk where the outputs of
            // the stage before (gigabytes at SIIM scale) have pushed them out of the page cache, and the peer from memory
            WarmPageCache(root);
            var (oc, oo) = ours(r);
            var (os, om) = Timed(oc);
            var (pc, po) = peer(r);
            var (ps, pm) = Timed(pc);
            (a[r], b[r]) = (count / os, count / ps);
            (aMem, bMem) = (Math.Max(aMem, om), Math.Max(bMem, pm));
            if (oo is not null) aBytes = Directory.GetFiles(oo).Sum(f => new FileInfo(f).Length);
            if (po is not null) bBytes = Directory.GetFiles(po).Sum(f => new FileInfo(f).Length);
            Console.Error.WriteLine($"  {name} round {r + 1}/{rounds}: ours {os:F2} s ({om:F0} MB), peer {ps:F2} s ({pm:F0} MB)");
        }
        var result = SideBySide.Summarize(name, unit, a, b);
        return new Stage(name, result, aMem, bMem, aBytes, bBytes);
    }

    /// <summary>
    /// Wall seconds and peak resident MB of one command, from /usr/bin/time; an untimed `sync` before it, so that no
    /// run pays for the writeback another left in the page cache (the peer's memmaps are still dirty when it exits;
    /// ours flushes its cache to disk as it goes, and before it exits).
    /// </summary>
    private static (double Seconds, double PeakMb) Timed(string[] command)
    {
        Exec("sync", []);
        // `pneumo preprocess` exits 2 when some images failed (the sample plants a broken file); that still is a finished run
        var stderr = Exec("/usr/bin/time", ["-f", "PNEUMO_TIME %e %M", .. command], allowed: command.Contains("preprocess") ? 2 : 0);
        var line = stderr.Split('\n').Last(l => l.StartsWith("PNEUMO_TIME ", StringComparison.Ordinal)).Split(' ');
        return (double.Parse(line[1], CultureInfo.InvariantCulture), double.Parse(line[2], CultureInfo.InvariantCulture) / 1024);
    }

    private static string Exec(string program, string[] args, int allowed = 0)
    {
        using var p = Process.Start(SideBySide.PeerStartInfo(program, args)) ?? throw new InvalidOperationException($"cannot start {program}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        _ = stdout.Result;
        if (p.ExitCode != 0 && p.ExitCode != allowed) throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed ({p.ExitCode}):\n{stderr}");
        return stderr;
    }
}
