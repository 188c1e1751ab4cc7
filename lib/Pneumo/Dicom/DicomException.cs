namespace Pneumo.Dicom;

/// <summary>
/// The reader's and writer's own error: what went wrong, in which file, at which byte offset and tag. Every failure
/// on bad input (empty, not DICOM, truncated, impossible lengths, unknown VRs, corrupt compressed data) is one of these.
/// </summary>
public class DicomException : Exception
{
    /// <summary>Creates the exception; the message is composed from the parts given.</summary>
    public DicomException(string reason, string? filePath = null, long? offset = null, DicomTag? tag = null, Exception? inner = null)
        : base(Compose(reason, filePath, offset, tag), inner)
    {
        Reason = reason;
        FilePath = filePath;
        Offset = offset;
        Tag = tag;
    }

    /// <summary>What went wrong, without the location.</summary>
    public string Reason { get; }

    /// <summary>The file being read, when known.</summary>
    public string? FilePath { get; }

    /// <summary>Byte offset in the file (or in the inflated dataset of a deflated file) where the problem was found.</summary>
    public long? Offset { get; }

    /// <summary>The tag of the element being read, when known.</summary>
    public DicomTag? Tag { get; }

    /// <summary>Returns a copy naming <paramref name="path"/> when this exception does not name a file yet.</summary>
    public virtual DicomException WithFile(string path) =>
        FilePath is not null ? this : new DicomException(Reason, path, Offset, Tag, InnerException);

    private static string Compose(string reason, string? filePath, long? offset, DicomTag? tag)
    {
        var where = new List<string>();
        if (offset is not null) where.Add($"offset {offset}");
        if (tag is not null) where.Add($"tag {tag} {DicomDictionary.KeywordOf(tag.Value) ?? ""}".TrimEnd());
        var location = where.Count > 0 ? $" (at {string.Join(", ", where)})" : "";
        return (filePath is null ? "" : filePath + ": ") + reason + location;
    }
}

/// <summary>The file is valid DICOM but its pixel data uses an encoding this reader does not decode.</summary>
public sealed class UnsupportedTransferSyntaxException : DicomException
{
    /// <summary>Creates the exception for <paramref name="syntax"/>.</summary>
    public UnsupportedTransferSyntaxException(TransferSyntax syntax, string? filePath = null)
        : base($"pixel data in transfer syntax {syntax.Name} ({syntax.Uid}) is not supported; supported: {Codecs.PixelCodecs.Supported}", filePath,
            tag: DicomTags.PixelData)
    {
        Syntax = syntax;
    }

    /// <summary>The transfer syntax that cannot be decoded.</summary>
    public TransferSyntax Syntax { get; }

    /// <inheritdoc />
    public override DicomException WithFile(string path) => FilePath is not null ? this : new UnsupportedTransferSyntaxException(Syntax, path);
}
