using System.Text;
using Pneumo.Masks;

namespace Pneumo.Data;

/// <summary>One row of the label CSV.</summary>
/// <param name="Line">1-based line number in the file (the header is line 1).</param>
/// <param name="ImageId">The SOP Instance UID of the image.</param>
/// <param name="EncodedPixels">The value, trimmed: <c>-1</c> or relative run-length pairs.</param>
public sealed record LabelRow(int Line, string ImageId, string EncodedPixels)
{
    /// <summary>The row marks a pneumothorax region.</summary>
    public bool IsPositive => EncodedPixels != "-1";
}

/// <summary>A label file or value could not be read: names the file, line and image.</summary>
public sealed class LabelFileException(string message, Exception? inner = null) : DataFileException(message, inner);

/// <summary>
/// The SIIM-ACR label file (<c>train-rle.csv</c>, <c>stage_2_train.csv</c>): header <c>ImageId, EncodedPixels</c>,
/// one row per region (or one <c>-1</c> row for a negative image), values with or without the leading space.
/// </summary>
public sealed class LabelFile
{
    private readonly Dictionary<string, List<LabelRow>> _byImage;

    private LabelFile(string path, IReadOnlyList<LabelRow> rows)
    {
        Path = path;
        Rows = rows;
        _byImage = new Dictionary<string, List<LabelRow>>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (!_byImage.TryGetValue(row.ImageId, out var list)) _byImage[row.ImageId] = list = [];
            list.Add(row);
        }
    }

    /// <summary>The file read.</summary>
    public string Path { get; }
    /// <summary>All rows in file order.</summary>
    public IReadOnlyList<LabelRow> Rows { get; }
    /// <summary>Distinct image IDs in order of first appearance.</summary>
    public IEnumerable<string> ImageIds => _byImage.Keys;
    /// <summary>Number of distinct images.</summary>
    public int ImageCount => _byImage.Count;

    /// <summary>The rows of one image (empty when it has none).</summary>
    public IReadOnlyList<LabelRow> RowsOf(string imageId) => _byImage.TryGetValue(imageId, out var list) ? list : [];

    /// <summary>True when the image has a row.</summary>
    public bool Contains(string imageId) => _byImage.ContainsKey(imageId);

    /// <summary>Image-level label: 1 when any row is a mask, 0 when all are <c>-1</c>, null without rows.</summary>
    public int? LabelOf(string imageId) => _byImage.TryGetValue(imageId, out var rows) ? rows.Any(r => r.IsPositive) ? 1 : 0 : null;

    /// <summary>The regions of an image, decoded.</summary>
    /// <exception cref="LabelFileException">A value is malformed: names the image and the CSV line.</exception>
    /// <remarks>Decoded once per image and size: the header scan (mask areas) and the cache (mask pixels) share it.</remarks>
    public IReadOnlyList<RunLengthMask> RegionsOf(string imageId, int width = 1024, int height = 1024) =>
        _regions.GetOrAdd((imageId, width, height), key => new Lazy<IReadOnlyList<RunLengthMask>>(() => DecodeRegions(key.ImageId, key.Width, key.Height))).Value;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string ImageId, int Width, int Height), Lazy<IReadOnlyList<RunLengthMask>>> _regions = new();

    private IReadOnlyList<RunLengthMask> DecodeRegions(string imageId, int width, int height)
    {
        var result = new List<RunLengthMask>();
        foreach (var row in RowsOf(imageId).Where(r => r.IsPositive))
        {
            try { result.Add(RunLengthMask.Parse(row.EncodedPixels, width, height)); }
            catch (FormatException ex)
            {
                throw new LabelFileException($"{Path}: line {row.Line}: image {imageId}: {ex.Message}", ex);
            }
        }
        return result;
    }

    /// <summary>The union mask of an image (empty for negatives).</summary>
    public BinaryMask MaskOf(string imageId, int width = 1024, int height = 1024)
    {
        var mask = new BinaryMask(width, height);
        PaintMask(imageId, width, height, mask.Pixels);
        return mask;
    }

    /// <summary>
    /// Sets the union of an image's regions in <paramref name="pixels"/> (row-major, width x height, cleared by the
    /// caller): <see cref="MaskOf"/> into a buffer the caller keeps.
    /// </summary>
    internal void PaintMask(string imageId, int width, int height, Span<byte> pixels)
    {
        foreach (var region in RegionsOf(imageId, width, height)) region.PaintInto(pixels);
    }

    /// <summary>Reads a label file.</summary>
    /// <exception cref="LabelFileException">Missing file, wrong header, or a line without two columns.</exception>
    public static LabelFile Read(string path)
    {
        string text;
        try { text = File.ReadAllText(path, Encoding.UTF8); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new LabelFileException($"{path}: cannot read the label file: {ex.Message}", ex);
        }
        return Parse(text, path);
    }

    /// <summary>Parses label CSV text.</summary>
    public static LabelFile Parse(string text, string path)
    {
        var rows = new List<LabelRow>();
        using var reader = new StringReader(text);
        var header = reader.ReadLine();
        if (header is null) throw new LabelFileException($"{path}: the label file is empty");
        var columns = header.TrimStart('\uFEFF').Split(',').Select(c => c.Trim()).ToArray();
        if (columns.Length != 2 || columns[0] != "ImageId" || columns[1] != "EncodedPixels")
            throw new LabelFileException($"{path}: line 1: expected the header 'ImageId, EncodedPixels', found '{header}'");
        int line = 1;
        string? s;
        while ((s = reader.ReadLine()) is not null)
        {
            line++;
            if (s.Trim().Length == 0) continue;
            int comma = s.IndexOf(',');
            if (comma < 0) throw new LabelFileException($"{path}: line {line}: expected 'ImageId, EncodedPixels', found '{Shorten(s)}'");
            var id = s[..comma].Trim();
            var value = s[(comma + 1)..].Trim();
            if (id.Length == 0) throw new LabelFileException($"{path}: line {line}: empty ImageId");
            if (value.Length == 0) throw new LabelFileException($"{path}: line {line}: image {id}: empty EncodedPixels (expected -1 or run-length pairs)");
            rows.Add(new LabelRow(line, id, value));
        }
        return new LabelFile(path, rows);
    }

    private static string Shorten(string s) => s.Length > 60 ? s[..57] + "..." : s;
}
