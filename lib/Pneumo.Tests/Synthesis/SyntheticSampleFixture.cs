using Pneumo.Synthesis;

namespace Pneumo.Tests.Synthesis;

/// <summary>One small synthetic sample (40 labelled images at 256 px, all quirks) shared by the data tests.</summary>
public sealed class SyntheticSampleFixture : IDisposable
{
    private readonly TestFiles.TempFolder _folder = TestFiles.NewTempFolder();

    public SyntheticSampleFixture()
    {
        Root = Path.Combine(_folder.Path, "raw");
        Record = SyntheticDataset.Generate(Root, Options);
    }

    public static readonly SyntheticOptions Options = new(Count: 40, Size: 256, Seed: 5);

    public string Root { get; }
    public SyntheticRecord Record { get; }
    public string Scratch(string name) => _folder.File(name);

    public void Dispose() => _folder.Dispose();
}
