namespace OstreeSharp.Repository;

/// <summary>Writes files atomically: a temporary sibling, optionally fsynced, then renamed over the target.</summary>
internal static class AtomicFile
{
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes, bool fsync)
    {
        string dir = Path.GetDirectoryName(path)!;
        string tmp = Path.Combine(dir, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N")[..12] + ".tmp");
        try
        {
            using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1))
            {
                fs.Write(bytes);
                if (fsync)
                    fs.Flush(flushToDisk: true);
            }
            File.Move(tmp, path, overwrite: true);
            if (fsync)
                FileSystem.FsyncDirectory(dir);
        }
        catch
        {
            File.Delete(tmp);
            throw;
        }
    }
}
