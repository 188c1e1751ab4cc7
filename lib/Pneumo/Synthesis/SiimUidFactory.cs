using System.Globalization;

namespace Pneumo.Synthesis;

/// <summary>
/// UIDs shaped like those of the SIIM-ACR files (made with dcmtk's root 1.2.276.0.7230010.3):
/// <c>1.2.276.0.7230010.3.1.4.8323329.{n}.{time}.{counter}</c> for instances, <c>.1.2.</c> for studies and <c>.1.3.</c>
/// for series. Deterministic for a seed; unique within one factory.
/// </summary>
public sealed class SiimUidFactory
{
    private const string Root = "1.2.276.0.7230010.3.1.";
    private readonly Random _rng;
    private readonly HashSet<int> _used = new();

    /// <summary>Creates a factory with its own seeded stream.</summary>
    public SiimUidFactory(int seed) => _rng = new Random(seed);

    /// <summary>Study, series and instance UID of one image.</summary>
    public (string Study, string Series, string Instance) Next()
    {
        int process;
        do process = _rng.Next(1000, 32000); while (!_used.Add(process));
        long time = 1517875100 + _rng.Next(0, 200);
        int counter = _rng.Next(100000, 999990);
        string Uid(int kind, int c) => string.Create(CultureInfo.InvariantCulture, $"{Root}{kind}.8323329.{process}.{time}.{c}");
        return (Uid(2, counter + 1), Uid(3, counter), Uid(4, counter + 2));
    }
}
