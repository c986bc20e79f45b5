using System.Text;
using OstreeSharp.Repository;
using OstreeSharp.Signing.OpenPgp;

namespace OstreeSharp.Signing;

/// <summary>
/// A remote's trusted OpenPGP keyring, <c>REPO/REMOTE.trustedkeys.gpg</c> (spec §7.1), as <c>ostree remote gpg-import</c>
/// and <c>ostree remote add --gpg-import</c> maintain it: a binary keyring of transferable public keys that gpg and
/// libostree read. Imports append keys not present yet (by primary fingerprint) and replace the file atomically.
/// </summary>
public static class RemoteKeyringStore
{
    /// <summary>The path of <paramref name="remoteName"/>'s keyring in the repository at <paramref name="repoPath"/>.</summary>
    public static string GetPath(string repoPath, string remoteName)
    {
        ArgumentNullException.ThrowIfNull(repoPath);
        return Path.Combine(repoPath, GpgKeyringResolver.RemoteKeyringFileName(remoteName));
    }

    /// <summary>
    /// Imports the public keys found in <paramref name="sources"/> (binary or armored key material) into the remote's
    /// keyring and returns how many were new. With <paramref name="keyIds"/>, only keys matching one of them (full
    /// fingerprint, 16-digit key ID or 8-digit short key ID of the primary key or a subkey, case-insensitive,
    /// optional <c>0x</c>) are imported.
    /// </summary>
    /// <param name="repoPath">The repository directory.</param>
    /// <param name="remoteName">The remote.</param>
    /// <param name="sources">Key material, in order.</param>
    /// <param name="keyIds">Key IDs to import, or null/empty for every key.</param>
    /// <param name="fsync">Whether to fsync the new keyring before renaming it into place.</param>
    /// <exception cref="OpenPgpFormatException">Malformed key material or existing keyring.</exception>
    /// <exception cref="OpenPgpKeyNotFoundException">A requested key ID matches no key in <paramref name="sources"/>.</exception>
    public static int Import(string repoPath, string remoteName, IEnumerable<ReadOnlyMemory<byte>> sources,
        IReadOnlyCollection<string>? keyIds = null, bool fsync = true)
    {
        ArgumentNullException.ThrowIfNull(sources);
        string path = GetPath(repoPath, remoteName);
        var candidates = new List<(OpenPgpPublicKey Key, byte[] Bytes)>();
        foreach (var source in sources)
        {
            foreach (byte[] block in SplitKeys(source))
            {
                var loaded = OpenPgpKeyring.Load(block);
                if (loaded.PrimaryKeys.Count == 1)
                {
                    candidates.Add((loaded.PrimaryKeys[0], block));
                }
            }
        }
        if (keyIds is { Count: > 0 })
        {
            var selected = new List<(OpenPgpPublicKey Key, byte[] Bytes)>();
            foreach (string id in keyIds)
            {
                var match = candidates.Where(c => Matches(c.Key, id)).ToList();
                if (match.Count == 0)
                {
                    throw new OpenPgpKeyNotFoundException($"Unable to find key \"{id}\"");
                }
                selected.AddRange(match.Where(m => !selected.Any(s => ReferenceEquals(s.Key, m.Key))));
            }
            candidates = selected;
        }
        byte[] existing = File.Exists(path) ? File.ReadAllBytes(path) : [];
        var known = new HashSet<string>(OpenPgpKeyring.Load(existing).PrimaryKeys.Select(k => k.Fingerprint), StringComparer.Ordinal);
        using var output = new MemoryStream();
        output.Write(existing);
        int imported = 0;
        foreach (var (key, bytes) in candidates)
        {
            if (known.Add(key.Fingerprint))
            {
                output.Write(bytes);
                imported++;
            }
        }
        if (imported > 0)
        {
            AtomicFile.WriteAllBytes(path, output.GetBuffer().AsSpan(0, (int)output.Length), fsync);
        }
        return imported;
    }

    /// <summary>
    /// Splits key material into transferable public keys: each a public key packet (tag 6) with the packets that
    /// follow it up to the next one. Trust packets (tag 12, written by gpg into keyrings) and packets before the first
    /// key are dropped.
    /// </summary>
    /// <exception cref="OpenPgpFormatException">Malformed data.</exception>
    public static IReadOnlyList<byte[]> SplitKeys(ReadOnlyMemory<byte> data)
    {
        var result = new List<byte[]>();
        foreach (var block in OpenPgpArmor.DecodeIfArmored(data, "key data"))
            SplitBinary(block, result);
        return result;
    }

    private static void SplitBinary(ReadOnlyMemory<byte> data, List<byte[]> result)
    {
        var reader = new OpenPgpPacketReader(data);
        MemoryStream? current = null;
        int start = reader.Position;
        while (reader.TryRead(out var packet))
        {
            int end = reader.Position;
            if (packet.Tag == OpenPgpPacketTag.PublicKey)
            {
                Flush(current, result);
                current = new MemoryStream();
            }
            if (current is not null && packet.Tag != OpenPgpPacketTag.Trust)
            {
                current.Write(data.Span[start..end]);
            }
            start = end;
        }
        Flush(current, result);
    }

    private static void Flush(MemoryStream? current, List<byte[]> result)
    {
        if (current is not null)
        {
            result.Add(current.ToArray());
            current.Dispose();
        }
    }

    private static bool Matches(OpenPgpPublicKey key, string id) => key.Subkeys.Prepend(key).Any(k => k.MatchesHexSpec(id));
}
