using System.Globalization;
using System.IO.MemoryMappedFiles;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Pneumo.Dicom;
using Pneumo.Imaging;
using Pneumo.Masks;
using Pneumo.Tables;
using Pneumo.IO;

namespace Pneumo.Data;

/// <summary>One image in the refined cache.</summary>
/// <param name="Slot">Position in <c>images.u8</c> and <c>masks.u8</c> (slot × size² bytes).</param>
/// <param name="ImageId">The image.</param>
/// <param name="Label">1 pneumothorax, 0 none.</param>
/// <param name="SourcePath">DICOM path relative to the dataset root.</param>
/// <param name="SourceBytes">Its length when cached.</param>
/// <param name="SourceTicks">Its last write time (UTC ticks) when cached.</param>
/// <param name="LabelDigest">Hash of its label rows: a changed label re-renders the mask.</param>
public sealed record RefinedEntry(int Slot, string ImageId, int Label, string SourcePath, long SourceBytes, long SourceTicks, string LabelDigest);

/// <summary>What a build did.</summary>
/// <param name="Folder">The cache folder.</param>
/// <param name="Processed">Images decoded and written in this build.</param>
/// <param name="Reused">Images already up to date.</param>
/// <param name="Removed">Entries dropped because their image left the clean table.</param>
/// <param name="Failures">Images that could not be processed, with the reason.</param>
public sealed record RefinedBuildReport(string Folder, int Processed, int Reused, int Removed, IReadOnlyList<(string ImageId, string Reason)> Failures);

/// <summary>
/// The preprocessed images: each DICOM decoded through the presentation pipeline, padded to a square, resized by area
/// averaging to <see cref="Size"/>² 8-bit pixels, with its union mask at the same size (0/1). Stored as two flat,
/// memory-mapped files (<c>images.u8</c>, <c>masks.u8</c>) plus <c>index.csv</c>. Builds are parallel and
/// incremental: only new or changed files (length, time, labels) are processed; the index is saved as work completes,
/// so an interrupted build resumes where it stopped.
/// </summary>
public sealed class RefinedCache : IDisposable
{
    /// <summary>Version of the file layout.</summary>
    public const int FormatVersion = 1;
    private static readonly string[] IndexColumns = ["Slot", "ImageId", "Label", "SourcePath", "SourceBytes", "SourceTicks", "LabelDigest"];

    private readonly MemoryMappedFile? _imagesMap, _masksMap;
    private readonly MemoryMappedViewAccessor? _images, _masks;
    private readonly Dictionary<string, RefinedEntry> _byId;

    private RefinedCache(string folder, int size, IReadOnlyList<RefinedEntry> entries)
    {
        Folder = folder;
        Size = size;
        Entries = entries;
        _byId = entries.ToDictionary(e => e.ImageId, StringComparer.Ordinal);
        if (entries.Count == 0) return;
        _imagesMap = MemoryMappedFile.CreateFromFile(Path.Combine(folder, "images.u8"), FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        _masksMap = MemoryMappedFile.CreateFromFile(Path.Combine(folder, "masks.u8"), FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        _images = _imagesMap.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        _masks = _masksMap.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
    }

    /// <summary>The cache folder (<c>refined/size-N</c>).</summary>
    public string Folder { get; }
    /// <summary>Rows and columns of every image.</summary>
    public int Size { get; }
    /// <summary>Entries in index order.</summary>
    public IReadOnlyList<RefinedEntry> Entries { get; }

    /// <summary>The folder of the cache of one size under a refined root.</summary>
    public static string FolderFor(string refinedRoot, int size) => Path.Combine(refinedRoot, $"size-{size}");

    /// <summary>The entry of an image, or null.</summary>
    public RefinedEntry? Find(string imageId) => _byId.GetValueOrDefault(imageId);

    /// <summary>Copies the image of <paramref name="entry"/> into <paramref name="target"/> (Size² bytes).</summary>
    public void ReadImage(RefinedEntry entry, Span<byte> target) => Read(_images, entry.Slot, target);

    /// <summary>Copies the mask (0/1) of <paramref name="entry"/> into <paramref name="target"/>.</summary>
    public void ReadMask(RefinedEntry entry, Span<byte> target) => Read(_masks, entry.Slot, target);

    private unsafe void Read(MemoryMappedViewAccessor? view, int slot, Span<byte> target)
    {
        if (view is null) throw new DataFileException($"{Folder}: the refined cache is empty");
        int bytes = Size * Size;
        if (target.Length < bytes) throw new ArgumentException($"target holds {target.Length} bytes, an image needs {bytes}");
        byte* p = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
        try { new ReadOnlySpan<byte>(p + view.PointerOffset + (long)slot * bytes, bytes).CopyTo(target); }
        finally { view.SafeMemoryMappedViewHandle.ReleasePointer(); }
    }

    /// <summary>Opens a built cache.</summary>
    /// <exception cref="DataFileException">Missing or from another format version.</exception>
    public static RefinedCache Open(string folder)
    {
        var (size, entries) = LoadIndex(folder) ?? throw new DataFileException($"{folder}: no refined cache here (run `pneumo preprocess`)");
        return new RefinedCache(folder, size, entries);
    }

    /// <summary>
    /// The cleaner's pixel check as the cache fill: decodes each readable DICOM of <paramref name="candidates"/> once,
    /// writing the first file of each ImageId into the cache of <paramref name="size"/> (a file with a duplicate ImageId is
    /// only decoded, it is excluded by the cleaner anyway). Returns the files that could not be decoded, by path, with
    /// the reason. A later <see cref="Build"/> for the clean table reuses every cached image.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Fill(SiimDataset dataset, LabelFile labels, IReadOnlyList<ImageMetadata> candidates, string refinedRoot, int size,
        IProgress<WorkProgress>? progress = null, CancellationToken cancel = default)
    {
        var firsts = candidates.GroupBy(r => r.ImageId, StringComparer.Ordinal).Select(g => g.OrderBy(r => r.Path, StringComparer.Ordinal).First()).ToList();
        var firstPaths = firsts.Select(r => r.Path).ToHashSet(StringComparer.Ordinal);
        var report = Build(dataset, labels, new MetadataTable(firsts.Select(r => r.Label is null ? r with { Label = 0 } : r).ToList()), refinedRoot, size, progress, cancel);
        var failed = new Dictionary<string, string>(StringComparer.Ordinal);
        var byId = firsts.ToDictionary(r => r.ImageId, r => r.Path, StringComparer.Ordinal);
        foreach (var (id, reason) in report.Failures) failed[byId[id]] = reason;
        var extras = candidates.Where(r => !firstPaths.Contains(r.Path)).ToList();
        var extraFailures = new System.Collections.Concurrent.ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        Parallel.ForEach(extras, new ParallelOptions { CancellationToken = cancel, MaxDegreeOfParallelism = Environment.ProcessorCount }, row =>
        {
            try { PixelData.Decode(DicomFile.Open(dataset.Absolute(row.Path))); }
            catch (DicomException ex) { extraFailures[row.Path] = ex.Message; }
        });
        foreach (var (path, reason) in extraFailures) failed[path] = reason;
        return failed;
    }

    /// <summary>Builds or updates the cache of <paramref name="size"/> for the clean images.</summary>
    public static RefinedBuildReport Build(SiimDataset dataset, LabelFile labels, MetadataTable clean, string refinedRoot, int size,
        IProgress<WorkProgress>? progress = null, CancellationToken cancel = default)
    {
        Imaging.ImageSize.Check(size, "cache size");
        var folder = FolderFor(refinedRoot, size);
        Directory.CreateDirectory(folder);
        var existing = LoadIndex(folder) is { } loaded && loaded.Size == size ? loaded.Entries.ToDictionary(e => e.ImageId, StringComparer.Ordinal) : [];
        var wanted = clean.Rows.Where(r => r.Label is not null).ToList();
        var wantedIds = wanted.Select(r => r.ImageId).ToHashSet(StringComparer.Ordinal);

        var completed = new Dictionary<string, RefinedEntry>(StringComparer.Ordinal);
        var work = new List<(ImageMetadata Row, RefinedEntry Entry)>();
        var freeSlots = new Queue<int>(existing.Values.Where(e => !wantedIds.Contains(e.ImageId)).Select(e => e.Slot).Order());
        int nextSlot = existing.Count == 0 ? 0 : existing.Values.Max(e => e.Slot) + 1;
        foreach (var row in wanted)
        {
            var info = new FileInfo(dataset.Absolute(row.Path));
            var digest = LabelDigest(labels, row.ImageId);
            var candidate = new RefinedEntry(-1, row.ImageId, row.Label!.Value, row.Path, info.Length, info.LastWriteTimeUtc.Ticks, digest);
            if (existing.TryGetValue(row.ImageId, out var old) && old with { Slot = -1 } == candidate) completed[row.ImageId] = old;
            else work.Add((row, candidate with { Slot = old?.Slot ?? (freeSlots.Count > 0 ? freeSlots.Dequeue() : nextSlot++) }));
        }
        int reused = completed.Count, removed = existing.Count - existing.Keys.Count(wantedIds.Contains);

        var failures = new List<(string, string)>();
        int pixels = size * size, done = 0;
        var gate = new object();
        using (var images = File.OpenHandle(Path.Combine(folder, "images.u8"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read))
        using (var masks = File.OpenHandle(Path.Combine(folder, "masks.u8"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read))
        {
            long needed = (long)Math.Max(nextSlot, completed.Values.Select(e => e.Slot + 1).DefaultIfEmpty(0).Max()) * pixels;
            long grownFrom = RandomAccess.GetLength(masks);
            if (RandomAccess.GetLength(images) < needed) { RandomAccess.SetLength(images, needed); RandomAccess.SetLength(masks, needed); }
            // Every 2 s a checkpoint on its own thread: the pixels written so far go to disk, then the index naming them
            // (rewritten whole). The index never names pixels a power cut could lose, a crash loses seconds of work, and
            // the writing streams out while the films decode instead of waiting for one flush at the end.
            void Checkpoint()
            {
                List<RefinedEntry> snapshot;
                lock (gate) snapshot = completed.Values.ToList();
                RandomAccess.FlushToDisk(images);
                RandomAccess.FlushToDisk(masks);
                SaveIndex(folder, size, snapshot);
            }
            using var stop = new CancellationTokenSource();
            var checkpoints = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    try { await Task.Delay(TimeSpan.FromSeconds(2), stop.Token); } catch (OperationCanceledException) { return; }
                    Checkpoint();
                }
            });
            try
            {
                Parallel.ForEach(work, new ParallelOptions { CancellationToken = cancel, MaxDegreeOfParallelism = Environment.ProcessorCount }, item =>
                {
                    try
                    {
                        var (image, mask) = Render(dataset, labels, item.Row, size);
                        RandomAccess.Write(images, image, (long)item.Entry.Slot * pixels);
                        // an empty mask in a slot the file just grew into is already zero (and sparse on disk)
                        if (mask is not null || (long)item.Entry.Slot * pixels < grownFrom)
                            RandomAccess.Write(masks, mask ?? new byte[pixels], (long)item.Entry.Slot * pixels);
                        lock (gate) completed[item.Entry.ImageId] = item.Entry;
                    }
                    catch (Exception ex) when (ex is DicomException or LabelFileException or IOException)
                    {
                        lock (gate) failures.Add((item.Row.ImageId, ex.Message));
                    }
                    int n = Interlocked.Increment(ref done);
                    if (n % 8 == 0 || n == work.Count) progress?.Report(new WorkProgress($"preprocessing to {size}x{size}", n, work.Count));
                });
            }
            finally
            {
                stop.Cancel();
                checkpoints.Wait();
                Checkpoint();
            }
        }
        return new RefinedBuildReport(folder, work.Count - failures.Count, reused, removed, failures);
    }

    [ThreadStatic] private static byte[]? _decodeBuffer;
    [ThreadStatic] private static byte[]? _fileBuffer;
    [ThreadStatic] private static byte[]? _maskBuffer;

    /// <summary>Decodes, pads to a square and resizes one image and its mask (null when the film has no region).</summary>
    internal static (byte[] Image, byte[]? Mask) Render(SiimDataset dataset, LabelFile labels, ImageMetadata row, int size)
    {
        var path = dataset.Absolute(row.Path);
        var file = DicomFile.Open(path, ref _fileBuffer); // this thread's buffers: the file and its pixels live until its next film
        var pixels = PixelData.Decode(file, _decodeBuffer);
        _decodeBuffer = pixels.Stored; // the next film of this thread decodes into it (when its size is the same): read only until then
        var image = new DicomImage(file.Dataset, pixels);
        if (image.Description.SamplesPerPixel != 1)
            throw new DicomException($"{image.Description.PhotometricInterpretation} colour image: chest films are grayscale", path, tag: DicomTags.PhotometricInterpretation);
        int w = image.Width, h = image.Height, side = Math.Max(w, h);
        var resized = AreaResize.Resize(Pad(image.Render8Shared(), w, h, side), side, side, size, size); // read only: Pad copies when it pads
        // a film without a region has an empty mask: nothing to render or resize
        if (labels.RegionsOf(row.ImageId, w, h).Count == 0) return (resized, null);
        // the union of the regions, painted into this thread's buffer (0/1 already: no BinaryMask pass over it)
        if (_maskBuffer is null || _maskBuffer.Length != w * h) _maskBuffer = new byte[w * h];
        else Array.Clear(_maskBuffer);
        labels.PaintMask(row.ImageId, w, h, _maskBuffer);
        return (resized, AreaResize.ResizeMask(Pad(_maskBuffer, w, h, side), side, side, size, size, BinaryMask.DefaultResizeThreshold));
    }

    private static byte[] Pad(byte[] pixels, int w, int h, int side)
    {
        if (w == side && h == side) return pixels;
        var result = new byte[side * side];
        int top = (side - h) / 2, left = (side - w) / 2;
        for (int r = 0; r < h; r++) pixels.AsSpan(r * w, w).CopyTo(result.AsSpan((r + top) * side + left));
        return result;
    }

    private static string LabelDigest(LabelFile labels, string imageId)
    {
        var text = string.Join('|', labels.RowsOf(imageId).Select(r => r.EncodedPixels));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16].ToLowerInvariant();
    }

    private static void SaveIndex(string folder, int size, IEnumerable<RefinedEntry> entries)
    {
        Csv.Write(Path.Combine(folder, "index.csv"), IndexColumns, entries.OrderBy(e => e.Slot).Select(e => new object?[]
            { e.Slot, e.ImageId, e.Label, e.SourcePath, e.SourceBytes, e.SourceTicks, e.LabelDigest }));
        var meta = JsonSerializer.Serialize(new { formatVersion = FormatVersion, size, layout = "uint8, slot-major, row-major, size*size bytes per slot" });
        AtomicFile.WriteAllText(Path.Combine(folder, "cache.json"), meta);
    }

    private static (int Size, List<RefinedEntry> Entries)? LoadIndex(string folder)
    {
        var metaPath = Path.Combine(folder, "cache.json");
        var indexPath = Path.Combine(folder, "index.csv");
        if (!File.Exists(metaPath) || !File.Exists(indexPath)) return null;
        using var meta = JsonDocument.Parse(File.ReadAllText(metaPath));
        if (meta.RootElement.GetProperty("formatVersion").GetInt32() != FormatVersion) return null;
        int size = meta.RootElement.GetProperty("size").GetInt32();
        var (header, rows) = Csv.Read(indexPath);
        var c = new Csv.Columns(indexPath, header);
        var entries = rows.Select(r => new RefinedEntry(c.Int(r, "Slot") ?? -1, c.Get(r, "ImageId"), c.Int(r, "Label") ?? 0, c.Get(r, "SourcePath"),
            long.Parse(c.Get(r, "SourceBytes"), CultureInfo.InvariantCulture), long.Parse(c.Get(r, "SourceTicks"), CultureInfo.InvariantCulture), c.Get(r, "LabelDigest"))).ToList();
        return (size, entries);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _images?.Dispose();
        _masks?.Dispose();
        _imagesMap?.Dispose();
        _masksMap?.Dispose();
    }
}
