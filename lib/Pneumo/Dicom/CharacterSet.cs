using System.Text;

namespace Pneumo.Dicom;

/// <summary>
/// Maps Specific Character Set (0008,0005) defined terms to .NET encodings (PS3.3 C.12.1.1.2). The default repertoire
/// is ASCII; it is read as ISO 8859-1 so that stray 8-bit bytes in real-world files never fail a read.
/// </summary>
public static class CharacterSet
{
    static CharacterSet() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The encoding for the value(s) of (0008,0005); the first recognised term wins (ISO 2022 code extensions are read with their base set).</summary>
    public static Encoding FromSpecificCharacterSet(IReadOnlyList<string> terms)
    {
        foreach (var raw in terms)
        {
            var term = raw.Trim().ToUpperInvariant().Replace("ISO 2022 IR", "ISO_IR", StringComparison.Ordinal);
            var name = term switch
            {
                "" or "ISO_IR 6" => null,
                "ISO_IR 100" => "iso-8859-1",
                "ISO_IR 101" => "iso-8859-2",
                "ISO_IR 109" => "iso-8859-3",
                "ISO_IR 110" => "iso-8859-4",
                "ISO_IR 144" => "iso-8859-5",
                "ISO_IR 127" => "iso-8859-6",
                "ISO_IR 126" => "iso-8859-7",
                "ISO_IR 138" => "iso-8859-8",
                "ISO_IR 148" => "iso-8859-9",
                "ISO_IR 203" => "iso-8859-15",
                "ISO_IR 13" => "shift_jis",
                "ISO_IR 166" => "windows-874",
                "ISO_IR 149" => "ks_c_5601-1987",
                "ISO_IR 192" => "utf-8",
                "GB18030" => "GB18030",
                "GBK" => "GBK",
                _ => null,
            };
            if (name is null) continue;
            try { return Encoding.GetEncoding(name); }
            catch (ArgumentException) { /* not available here: try the next term */ }
        }
        return Encoding.Latin1;
    }

    /// <summary>The default repertoire, read leniently as ISO 8859-1.</summary>
    public static Encoding Default => Encoding.Latin1;
}
