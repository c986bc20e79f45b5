using System.Globalization;
using System.Text;

namespace OstreeSharp.Signing.OpenPgp;

/// <summary>
/// Secret keys as <c>gpg --export-secret-keys</c> writes them (binary or armored <c>PRIVATE KEY BLOCK</c>): v4 (and
/// RFC 9580 v6) secret key and subkey packets with their user IDs and self-signatures. <see cref="SelectSigningKey"/> picks the key gpg
/// would sign with for a given key specification.
/// </summary>
public sealed class OpenPgpSecretKeyring
{
    private readonly Dictionary<string, OpenPgpSecretKey> _secrets = new(StringComparer.Ordinal);
    private readonly List<OpenPgpSecretKey> _ordered = [];

    private OpenPgpSecretKeyring() { }

    /// <summary>The public view of the loaded keys (self-signatures, flags, expiry and revocation evaluated).</summary>
    public OpenPgpKeyring PublicKeys { get; } = new();

    /// <summary>Secret keys and subkeys in load order.</summary>
    public IReadOnlyList<OpenPgpSecretKey> SecretKeys => _ordered;

    /// <summary>Loads secret key material from binary packets or armored text.</summary>
    /// <exception cref="OpenPgpFormatException">Malformed data.</exception>
    public static OpenPgpSecretKeyring Load(ReadOnlyMemory<byte> data)
    {
        var keyring = new OpenPgpSecretKeyring();
        void Sink(OpenPgpPublicKey key, ReadOnlyMemory<byte> body, int offset)
        {
            var secret = new OpenPgpSecretKey(key, body, offset);
            if (keyring._secrets.TryAdd(key.Fingerprint, secret))
            {
                keyring._ordered.Add(secret);
            }
        }
        foreach (var block in OpenPgpArmor.DecodeIfArmored(data, "key data"))
            keyring.PublicKeys.AddPackets(block, Sink);
        return keyring;
    }

    /// <summary>Loads a file written by <c>gpg --export-secret-keys</c> (binary or armored).</summary>
    /// <exception cref="OpenPgpFormatException">Malformed data.</exception>
    public static OpenPgpSecretKeyring LoadFile(string path) => Load(File.ReadAllBytes(path));

    /// <summary>The secret part of <paramref name="key"/>, or null when the keyring has none.</summary>
    public OpenPgpSecretKey? GetSecretKey(OpenPgpPublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _secrets.GetValueOrDefault(key.Fingerprint);
    }

    /// <summary>
    /// Chooses the key gpg would sign with for <paramref name="keySpec"/> (<c>gpg -u</c> syntax: a 40- or 64-digit fingerprint, a 16- or
    /// 8-digit key ID, optionally <c>0x</c>-prefixed, or a user ID substring; null means the first usable key). Without a
    /// trailing <c>!</c> the newest usable signing subkey of the matching key wins (the first on a tie, as gpg), else its primary; with <c>!</c>
    /// exactly the named (sub)key is used. Usable = secret material present, signing-capable, not revoked, not expired.
    /// </summary>
    /// <exception cref="OpenPgpKeyNotFoundException">Nothing matches, or nothing matching is usable.</exception>
    public OpenPgpSecretKey SelectSigningKey(string? keySpec, DateTimeOffset? now = null)
    {
        DateTimeOffset at = now ?? DateTimeOffset.UtcNow;
        if (string.IsNullOrWhiteSpace(keySpec))
        {
            foreach (var primary in PublicKeys.PrimaryKeys)
            {
                if (Best(primary, at) is { } best)
                {
                    return best;
                }
            }
            throw new OpenPgpKeyNotFoundException("No usable secret signing key in the keyring.");
        }
        string spec = keySpec.Trim();
        bool exact = spec.EndsWith('!');
        if (exact)
        {
            spec = spec[..^1];
        }
        var matches = Match(spec);
        if (matches.Count == 0)
        {
            throw new OpenPgpKeyNotFoundException($"No secret key matches '{keySpec}'.");
        }
        foreach (var match in matches)
        {
            if (exact)
            {
                if (GetSecretKey(match) is { } secret && Usable(secret, at, requireFlag: match.IsSubkey))
                {
                    return secret;
                }
            }
            else if (Best(match.PrimaryKey ?? match, at) is { } best)
            {
                return best;
            }
        }
        throw new OpenPgpKeyNotFoundException($"The key '{keySpec}' has no usable secret signing key (missing secret part, revoked, expired or not signing-capable).");
    }

    private List<OpenPgpPublicKey> Match(string spec)
    {
        var result = new List<OpenPgpPublicKey>();
        string hex = spec.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? spec[2..] : spec;
        hex = hex.Replace(" ", "", StringComparison.Ordinal);
        bool isHex = hex.Length is 8 or 16 or 40 or 64 && hex.All(Uri.IsHexDigit);
        foreach (var primary in PublicKeys.PrimaryKeys)
        {
            foreach (var key in new[] { primary }.Concat(primary.Subkeys))
            {
                if (isHex ? key.MatchesHexSpec(hex)
                    : !key.IsSubkey && key.UserIds.Any(u => MatchesUserId(u, spec)))
                {
                    result.Add(key);
                }
            }
        }
        return result;
    }

    private static bool MatchesUserId(string userId, string spec)
    {
        if (spec.StartsWith('<') && spec.EndsWith('>'))
        {
            return userId.Contains(spec, StringComparison.OrdinalIgnoreCase);
        }
        if (spec.StartsWith('='))
        {
            return string.Equals(userId, spec[1..], StringComparison.Ordinal);
        }
        return userId.Contains(spec.TrimStart('@'), StringComparison.OrdinalIgnoreCase);
    }

    private OpenPgpSecretKey? Best(OpenPgpPublicKey primary, DateTimeOffset now)
    {
        OpenPgpSecretKey? best = null;
        foreach (var subkey in primary.Subkeys)
        {
            if (subkey.HasValidBinding && GetSecretKey(subkey) is { } secret && Usable(secret, now, requireFlag: true)
                && (best is null || subkey.CreationTime > best.PublicKey.CreationTime))
            {
                best = secret;
            }
        }
        if (best is null && GetSecretKey(primary) is { } p && Usable(p, now, requireFlag: false))
        {
            best = p;
        }
        return best;
    }

    private static bool Usable(OpenPgpSecretKey secret, DateTimeOffset now, bool requireFlag)
    {
        var key = secret.PublicKey;
        bool flagged = requireFlag ? key.KeyFlags is int f && (f & 0x02) != 0 : key.CanSign;
        return secret.CanCreateSignatures && flagged && !key.IsRevokedWithPrimary && !key.IsExpiredAt(now)
            && key.CreationTime <= now + TimeSpan.FromMinutes(5);
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{_ordered.Count} secret key(s)");
}
