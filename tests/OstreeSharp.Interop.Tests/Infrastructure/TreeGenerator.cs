using System.Text;

namespace OstreeSharp.Interop.Tests.Infrastructure;

/// <summary>
/// Writes deterministic trees for round-trip tests: regular, executable, private and empty files, symlinks
/// (relative, absolute, dangling), empty directories, unicode names, <c>user.*</c> xattrs (when the filesystem
/// allows), one multi-MB file and a deep directory chain. File mtimes are not meaningful to OSTree and are left alone.
/// </summary>
public static class TreeGenerator
{
    private static readonly string[] UnicodeNames = ["ünïcødé.txt", "文件.dat", "emoji-😀.bin", "Ελληνικά", "קובץ", "naïve café"];
    private static readonly UnixFileMode[] FileModes =
    [
        (UnixFileMode)0b110_100_100, // 0644
        (UnixFileMode)0b111_101_101, // 0755
        (UnixFileMode)0b110_000_000, // 0600
        (UnixFileMode)0b100_100_100, // 0444
        (UnixFileMode)0b111_000_000, // 0700
    ];

    /// <summary>Generates into <paramref name="root"/> (created if needed); returns whether xattrs were written.</summary>
    public static bool Generate(string root, TreeGeneratorOptions? options = null)
    {
        options ??= new TreeGeneratorOptions();
        var rng = new Random(options.Seed);
        Directory.CreateDirectory(root);
        bool xattrs = options.Xattrs && Xattrs.AreSupported(root);

        var dirs = new List<string> { "" };
        for (int i = 0; i < options.DirectoryCount; i++)
        {
            string parent = dirs[rng.Next(dirs.Count)];
            string name = options.UnicodeNames && i % 4 == 3 ? UnicodeNames[i % UnicodeNames.Length] + "-d" + i : "dir" + i;
            string rel = parent.Length == 0 ? name : parent + "/" + name;
            Directory.CreateDirectory(Path.Combine(root, rel));
            dirs.Add(rel);
        }

        // Empty directories stay empty: create them after choosing file parents from `dirs`.
        var files = new List<string>();
        for (int i = 0; i < options.FileCount; i++)
        {
            string parent = dirs[rng.Next(dirs.Count)];
            string name = options.UnicodeNames && i % 7 == 6 ? $"{i}-{UnicodeNames[i % UnicodeNames.Length]}" : $"file{i}.{(i % 3 == 0 ? "txt" : "bin")}";
            string rel = parent.Length == 0 ? name : parent + "/" + name;
            string full = Path.Combine(root, rel);
            int size = i % 5 == 0 ? 0 : rng.Next(options.MaxFileSize + 1);
            byte[] data = new byte[size];
            if (i % 2 == 0)
            {
                rng.NextBytes(data);
            }
            else
            {
                FillText(rng, data);
            }
            File.WriteAllBytes(full, data);
            File.SetUnixFileMode(full, FileModes[i % FileModes.Length]);
            if (xattrs && i % 4 == 1)
            {
                Xattrs.Set(full, "user.test" + i, Encoding.UTF8.GetBytes("value-" + rng.Next()));
                if (i % 8 == 1)
                {
                    Xattrs.Set(full, "user.binary", [0, 1, 2, 255]);
                }
            }
            files.Add(rel);
        }

        for (int i = 0; i < 3; i++)
        {
            string rel = (i == 0 ? "" : dirs[1 + rng.Next(dirs.Count - 1)] + "/") + "empty-dir" + i;
            Directory.CreateDirectory(Path.Combine(root, rel));
            if (i == 1)
            {
                File.SetUnixFileMode(Path.Combine(root, rel), (UnixFileMode)0b111_000_000); // 0700
            }
        }

        string deep = "deep";
        for (int i = 0; i < options.DeepNesting; i++)
        {
            deep += "/level" + i;
        }
        if (options.DeepNesting > 0)
        {
            Directory.CreateDirectory(Path.Combine(root, deep));
            File.WriteAllText(Path.Combine(root, deep, "bottom.txt"), "the bottom\n");
        }

        if (options.LargeFileSize > 0)
        {
            byte[] big = new byte[options.LargeFileSize];
            // Compressible but not trivial: repeated random blocks.
            byte[] block = new byte[4096];
            rng.NextBytes(block);
            for (int off = 0; off < big.Length; off += block.Length)
            {
                block[rng.Next(block.Length)] ^= (byte)rng.Next(256);
                Array.Copy(block, 0, big, off, Math.Min(block.Length, big.Length - off));
            }
            File.WriteAllBytes(Path.Combine(root, "large.bin"), big);
        }

        if (options.Symlinks && files.Count > 0)
        {
            string target = files[rng.Next(files.Count)];
            File.CreateSymbolicLink(Path.Combine(root, "link-relative"), target);
            File.CreateSymbolicLink(Path.Combine(root, "link-absolute"), "/usr/share/doc");
            File.CreateSymbolicLink(Path.Combine(root, "link-dangling"), "does/not/exist");
            File.CreateSymbolicLink(Path.Combine(root, dirs[^1], "link-up"), "../" + Path.GetFileName(dirs[^1]));
            File.CreateSymbolicLink(Path.Combine(root, "link-to-dir"), dirs[1]);
        }

        if (xattrs)
        {
            Xattrs.Set(Path.Combine(root, dirs[1]), "user.dirattr", "on a directory"u8);
        }
        return xattrs;
    }

    private static void FillText(Random rng, byte[] data)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz     \n";
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (byte)alphabet[rng.Next(alphabet.Length)];
        }
    }
}
