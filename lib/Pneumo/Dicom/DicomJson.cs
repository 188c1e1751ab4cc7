using System.Text.Json;

namespace Pneumo.Dicom;

/// <summary>
/// Writes a header as one JSON object keyed by DICOM keyword (<c>"Rows": 1024</c>, <c>"PatientAge": "62"</c>); tags
/// without a keyword are keyed <c>(gggg,eeee)</c>. Numbers stay numbers, several values become arrays, sequences
/// arrays of objects, binary values <c>{"vr": "OB", "length": n}</c>.
/// </summary>
public static class DicomJson
{
    /// <summary>Serialises File Meta and dataset of <paramref name="file"/> into one object.</summary>
    public static string Serialize(DicomFile file, bool indented = true)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
        {
            w.WriteStartObject();
            WriteElements(w, file.FileMetaInformation);
            if (!file.FileMetaInformation.Contains(DicomTags.TransferSyntaxUID))
                w.WriteString("TransferSyntaxUID", file.TransferSyntax.Uid);
            WriteElements(w, file.Dataset);
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteElements(Utf8JsonWriter w, DicomDataset dataset)
    {
        foreach (var e in dataset.Elements)
        {
            w.WritePropertyName(e.Keyword ?? e.Tag.ToString());
            WriteValue(w, dataset, e);
        }
    }

    private static void WriteValue(Utf8JsonWriter w, DicomDataset dataset, DicomElement e)
    {
        if (e.Items is not null)
        {
            w.WriteStartArray();
            foreach (var item in e.Items)
            {
                w.WriteStartObject();
                WriteElements(w, item);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            return;
        }
        if (e.Fragments is not null)
        {
            w.WriteStartObject();
            w.WriteString("vr", e.VR.Code());
            w.WriteNumber("fragments", e.Fragments.Fragments.Count);
            w.WriteNumber("length", e.Fragments.TotalBytes);
            w.WriteEndObject();
            return;
        }
        bool numeric = e.VR is DicomVR.US or DicomVR.SS or DicomVR.UL or DicomVR.SL or DicomVR.FL or DicomVR.FD or DicomVR.SV or DicomVR.UV;
        if (numeric)
        {
            var values = dataset.GetDoubles(e.Tag);
            if (values.Count == 1) w.WriteNumberValue((decimal)values[0]);
            else
            {
                w.WriteStartArray();
                foreach (var v in values) w.WriteNumberValue((decimal)v);
                w.WriteEndArray();
            }
            return;
        }
        if (e.VR.IsText() || e.VR == DicomVR.AT)
        {
            var values = e.VR == DicomVR.AT ? (dataset.GetString(e.Tag) ?? "").Split('\\') : dataset.GetStrings(e.Tag);
            if (values.Count == 1) w.WriteStringValue(values[0]);
            else if (values.Count == 0) w.WriteStringValue("");
            else
            {
                w.WriteStartArray();
                foreach (var v in values) w.WriteStringValue(v);
                w.WriteEndArray();
            }
            return;
        }
        w.WriteStartObject();
        w.WriteString("vr", e.VR.Code());
        w.WriteNumber("length", e.RawValue.Length);
        w.WriteEndObject();
    }
}
