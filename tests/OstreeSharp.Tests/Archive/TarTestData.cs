using System.Formats.Tar;
using System.Text;

namespace OstreeSharp.Tests.Archive;

/// <summary>Tar archives built with System.Formats.Tar (an independent writer) for the reader and importer tests.</summary>
internal static class TarTestData
{
    public sealed record Item(string Name, TarEntryType Type, int Mode = 0x1A4, int Uid = 0, int Gid = 0, byte[]? Data = null,
        string Link = "", Dictionary<string, string>? Pax = null);

    public static byte[] Build(TarEntryFormat format, params Item[] items)
    {
        var ms = new MemoryStream();
        using (var w = new TarWriter(ms, format, leaveOpen: true))
        {
            foreach (var it in items)
            {
                TarEntry e = format switch
                {
                    TarEntryFormat.Pax => new PaxTarEntry(it.Type, it.Name, it.Pax ?? []),
                    TarEntryFormat.Gnu => new GnuTarEntry(it.Type, it.Name),
                    TarEntryFormat.Ustar => new UstarTarEntry(it.Type, it.Name),
                    _ => new V7TarEntry(it.Type, it.Name),
                };
                e.Mode = (UnixFileMode)it.Mode;
                e.Uid = it.Uid;
                e.Gid = it.Gid;
                e.ModificationTime = DateTimeOffset.FromUnixTimeSeconds(1600000000);
                if (it.Link.Length > 0)
                    e.LinkName = it.Link;
                if (it.Data is not null)
                    e.DataStream = new MemoryStream(it.Data);
                w.WriteEntry(e);
            }
        }
        return ms.ToArray();
    }

    public static byte[] Text(string s) => Encoding.UTF8.GetBytes(s);
}
