using OstreeSharp.Signing.Ed25519;

namespace OstreeSharp.Signing;

/// <summary>
/// Trusted and revoked Ed25519 public keys for ostree's <c>ed25519</c> signature type (spec §7.2): a remote's
/// <c>verification-ed25519-key</c> (inline base64) and <c>verification-ed25519-file</c>, or the system defaults
/// (<c>/etc/ostree/trusted.ed25519</c>, <c>trusted.ed25519.d/*</c>, the same under <c>/usr/share/ostree</c>, and the
/// <c>revoked.ed25519</c> counterparts). A revoked key never verifies, even when also trusted.
/// </summary>
public sealed class Ed25519TrustStore
{
    private readonly List<Ed25519PublicKey> _trusted = [];
    private readonly HashSet<Ed25519PublicKey> _revoked = [];

    /// <summary>Trusted keys, in the order added (duplicates ignored).</summary>
    public IReadOnlyList<Ed25519PublicKey> TrustedKeys => _trusted;

    /// <summary>Revoked keys.</summary>
    public IReadOnlyCollection<Ed25519PublicKey> RevokedKeys => _revoked;

    /// <summary>Trusts <paramref name="key"/>.</summary>
    public void AddTrusted(Ed25519PublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!_trusted.Contains(key))
        {
            _trusted.Add(key);
        }
    }

    /// <summary>Trusts a base64 public key (the <c>inline:</c> form, or <c>verification-ed25519-key</c>).</summary>
    /// <exception cref="FormatException">Not base64 of 32 bytes.</exception>
    public void AddTrusted(string base64) => AddTrusted(Ed25519PublicKey.Parse(base64.Trim()));

    /// <summary>Revokes <paramref name="key"/>.</summary>
    public void AddRevoked(Ed25519PublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        _revoked.Add(key);
    }

    /// <summary>Trusts every key of a key file (base64, one per line).</summary>
    /// <exception cref="OstreeDataException">A malformed line.</exception>
    public void AddTrustedFile(string path)
    {
        foreach (var key in Ed25519KeyFile.ReadPublicKeys(path))
        {
            AddTrusted(key);
        }
    }

    /// <summary>Revokes every key of a key file (base64, one per line).</summary>
    /// <exception cref="OstreeDataException">A malformed line.</exception>
    public void AddRevokedFile(string path)
    {
        foreach (var key in Ed25519KeyFile.ReadPublicKeys(path))
        {
            AddRevoked(key);
        }
    }

    /// <summary>Whether <paramref name="key"/> is revoked.</summary>
    public bool IsRevoked(Ed25519PublicKey key) => _revoked.Contains(key);

    /// <summary>Keys that may verify: trusted and not revoked.</summary>
    public IEnumerable<Ed25519PublicKey> UsableKeys => _trusted.Where(k => !_revoked.Contains(k));

    /// <summary>
    /// A store for a remote's configuration values (either may be null). When both are null the system defaults under
    /// <paramref name="root"/> are loaded instead, as ostree does when <c>sign-verify</c> is on without explicit keys.
    /// </summary>
    /// <exception cref="FormatException">A bad inline key.</exception>
    /// <exception cref="OstreeDataException">A malformed key file.</exception>
    public static Ed25519TrustStore ForRemote(string? inlineKey, string? keyFile, string root = "/")
    {
        if (inlineKey is null && keyFile is null)
        {
            return LoadDefaults(root);
        }
        var store = new Ed25519TrustStore();
        if (inlineKey is not null)
        {
            store.AddTrusted(inlineKey);
        }
        if (keyFile is not null)
        {
            store.AddTrustedFile(keyFile);
        }
        LoadRevoked(store, root);
        return store;
    }

    /// <summary>The system defaults under <paramref name="root"/>: trusted and revoked keys from <c>etc/ostree</c> and <c>usr/share/ostree</c>.</summary>
    /// <exception cref="OstreeDataException">A malformed key file.</exception>
    public static Ed25519TrustStore LoadDefaults(string root = "/")
    {
        ArgumentNullException.ThrowIfNull(root);
        var store = new Ed25519TrustStore();
        foreach (string file in DefaultFiles(root, "trusted.ed25519"))
        {
            store.AddTrustedFile(file);
        }
        LoadRevoked(store, root);
        return store;
    }

    private static void LoadRevoked(Ed25519TrustStore store, string root)
    {
        foreach (string file in DefaultFiles(root, "revoked.ed25519"))
        {
            store.AddRevokedFile(file);
        }
    }

    private static IEnumerable<string> DefaultFiles(string root, string name)
    {
        foreach (string dir in new[] { Path.Combine(root, "etc", "ostree"), Path.Combine(root, "usr", "share", "ostree") })
        {
            string single = Path.Combine(dir, name);
            if (File.Exists(single))
            {
                yield return single;
            }
            string d = single + ".d";
            if (Directory.Exists(d))
            {
                foreach (string file in Directory.GetFiles(d).Order(StringComparer.Ordinal))
                {
                    yield return file;
                }
            }
        }
    }
}
