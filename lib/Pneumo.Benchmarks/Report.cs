using System.Globalization;
using System.Text;

namespace Pneumo.Benchmarks;

/// <summary>Writes one benchmark's section into results/benchmarks.md, replacing the previous run of that benchmark.</summary>
internal static class Report
{
    /// <summary>A section with a table of our own (a benchmark without a peer column).</summary>
    public static void WriteText(string file, string section, string command, string notes, string table)
    {
        var sb = Head(section, command, notes);
        sb.Append(table);
        Replace(file, section, sb.ToString());
    }

    public static void WriteSection(string file, string section, string command, string notes, IEnumerable<SideBySide.Result> results, string peerName)
    {
        var sb = Head(section, command, notes);
        sb.AppendLine($"| measure | Pneumo | {peerName} | ratio (Pneumo / peer) | rounds Pneumo | rounds peer |");
        sb.AppendLine("| --- | ---: | ---: | ---: | --- | --- |");
        foreach (var r in results)
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Name} ({r.Unit}) | {r.Ours:F1} | {r.Peer:F1} | **{r.Ratio:F2}** | {string.Join(", ", r.OursRounds.Select(v => v.ToString("F0", CultureInfo.InvariantCulture)))} | {string.Join(", ", r.PeerRounds.Select(v => v.ToString("F0", CultureInfo.InvariantCulture)))} |"));
        sb.AppendLine();
        Replace(file, section, sb.ToString());
    }

    /// <summary>The heading, the date and machine, the command and the notes every section starts with.</summary>
    private static StringBuilder Head(string section, string command, string notes)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"## {section}");
        sb.AppendLine();
        // machines of one kind differ about 3x (AVX-512 or only AVX2): every table names the processor and ATen's capability
        var cpu = Pneumo.Compute.CpuCapability.Current;
        sb.AppendLine($"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores of an {cpu.Model} (LibTorch's ATen capability " +
            $"{cpu.Aten}, instruction-set overrides: {cpu.Overrides}; {System.Runtime.InteropServices.RuntimeInformation.OSDescription}), with:");
        sb.AppendLine();
        sb.AppendLine("```bash");
        sb.AppendLine(command);
        sb.AppendLine("```");
        sb.AppendLine();
        sb.AppendLine(notes);
        sb.AppendLine();
        return sb;
    }

    private static void Replace(string file, string section, string sb)
    {
        var text = File.Exists(file) ? File.ReadAllText(file) : "# Benchmarks\n\nEach table is one run, ours and the peer's measurements alternating round by round on the same machine; the value is the median of the rounds. Machines are noisy: compare ratios, not absolute numbers.\n\n";
        var marker = $"## {section}";
        int start = text.IndexOf(marker, StringComparison.Ordinal);
        if (start >= 0)
        {
            int end = text.IndexOf("\n## ", start + marker.Length, StringComparison.Ordinal);
            text = text[..start] + sb + (end >= 0 ? text[(end + 1)..] : "");
        }
        else text = text.TrimEnd() + "\n\n" + sb;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        File.WriteAllText(file, text.TrimEnd() + "\n");
    }
}
