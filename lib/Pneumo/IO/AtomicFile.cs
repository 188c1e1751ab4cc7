namespace Pneumo.IO;

/// <summary>
/// Writes files so that a crash leaves either the old or the new version, never half of one: the content goes to a
/// temporary file beside the target, which is then renamed over it (creating the folder when needed).
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes text atomically (UTF-8 without BOM).</summary>
    public static void WriteAllText(string path, string text) =>
        Write(path, temp => File.WriteAllText(temp, text, new System.Text.UTF8Encoding(false)));

    /// <summary>Writes bytes atomically.</summary>
    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, temp => File.WriteAllBytes(temp, bytes));

    /// <summary>Lets <paramref name="writer"/> fill a temporary file, then renames it to <paramref name="path"/>.</summary>
    public static void Write(string path, Action<string> writer)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        var temp = path + ".tmp-" + Environment.ProcessId;
        writer(temp);
        File.Move(temp, path, overwrite: true);
    }
}
