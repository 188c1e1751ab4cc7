using Pneumo.IO;

namespace Pneumo.Runs;

/// <summary>
/// The run folders under one root (<c>results/runs/</c>): finds them, opens them, and remembers which one a study
/// trained last (<c>last-trained.txt</c>). The one place run folders are discovered.
/// </summary>
/// <param name="Root">The folder holding the run folders.</param>
public sealed record RunCatalog(string Root)
{
    /// <summary>The file naming the run the study trained last.</summary>
    public string LastTrainedFile => Path.Combine(Root, "last-trained.txt");

    /// <summary>Every run folder, in name order (names start with their creation time); folders that are not runs are skipped.</summary>
    public IReadOnlyList<string> Folders() => !Directory.Exists(Root) ? []
        : Directory.GetDirectories(Root).Where(ExperimentRun.IsRunFolder).Order(StringComparer.Ordinal).ToList();

    /// <summary>Every run, opened, in name order.</summary>
    public IEnumerable<ExperimentRun> Runs() => Folders().Select(ExperimentRun.Open);

    /// <summary>The newest run (by creation time) that satisfies <paramref name="where"/>; null when there is none.</summary>
    public ExperimentRun? Newest(Func<ExperimentRun, bool> where) => Runs().Where(where).MaxBy(r => r.Info.Created);

    /// <summary>The run folder called <paramref name="id"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">No such run, named.</exception>
    public string Find(string id)
    {
        var folder = Path.Combine(Root, id);
        return ExperimentRun.IsRunFolder(folder) ? folder : throw new DirectoryNotFoundException($"{folder}: no such run");
    }

    /// <summary>Records <paramref name="run"/> as the one trained last.</summary>
    public void MarkTrained(ExperimentRun run) => AtomicFile.WriteAllText(LastTrainedFile, run.Info.Id + "\n");

    /// <summary>The run folder trained last, when it is still there; else null.</summary>
    public string? LastTrained() =>
        File.Exists(LastTrainedFile) && File.ReadAllText(LastTrainedFile).Trim() is { Length: > 0 } id && ExperimentRun.IsRunFolder(Path.Combine(Root, id))
            ? Path.Combine(Root, id) : null;

    /// <summary>Every run as the run comparison sees it, oldest first.</summary>
    public IReadOnlyList<RunSummary> Summaries() =>
        Folders().Select(RunSummary.Read).OrderBy(r => r.Created).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
}
