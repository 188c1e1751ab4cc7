using System.Collections.Concurrent;

namespace Pneumo.IO;

/// <summary>
/// Counts, per file, the header reads and the full reads (pixel decodes) of DICOM files, and the run-length masks
/// parsed, so a test can show that a study reads each header once and decodes each image once. Off unless a test turns
/// it on.
/// </summary>
internal static class DataPassCounters
{
    public static volatile bool Enabled;
    public static readonly ConcurrentDictionary<string, int> HeaderReads = new(StringComparer.Ordinal);
    public static readonly ConcurrentDictionary<string, int> FullReads = new(StringComparer.Ordinal);
    private static int _maskParses;

    public static int MaskParses => Volatile.Read(ref _maskParses);

    public static void Reset()
    {
        HeaderReads.Clear();
        FullReads.Clear();
        Interlocked.Exchange(ref _maskParses, 0);
    }

    public static void Header(string path) { if (Enabled) HeaderReads.AddOrUpdate(Path.GetFullPath(path), 1, (_, n) => n + 1); }

    public static void Full(string path) { if (Enabled) FullReads.AddOrUpdate(Path.GetFullPath(path), 1, (_, n) => n + 1); }

    public static void MaskParse() { if (Enabled) Interlocked.Increment(ref _maskParses); }
}
