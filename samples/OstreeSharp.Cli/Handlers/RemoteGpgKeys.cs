using System.Security.Cryptography;
using System.Text;
using OstreeSharp.Cli.Commands;
using OstreeSharp.Cli.Errors;
using OstreeSharp.Objects;
using OstreeSharp.Remotes;
using OstreeSharp.Signing;
using OstreeSharp.Signing.OpenPgp;

namespace OstreeSharp.Cli.Handlers;

/// <summary>
/// <c>remote gpg-import</c>, <c>remote add --gpg-import</c>, <c>remote gpg-list-keys</c> and the GPG/ed25519 checks of
/// <c>remote summary</c>/<c>remote refs</c> when the remote sets <c>gpg-verify-summary</c> or <c>sign-verify</c>.
/// </summary>
internal static class RemoteGpgKeys
{
    private const string ZBase32 = "ybndrfg8ejkmcpqxot1uwisza345h769";

    public static string ImportedLine(int count, string remote) =>
        $"Imported {count} GPG key{(count == 1 ? "" : "s")} to remote \"{remote}\"\n";

    /// <summary>Imports keys into the remote's keyring; sources are the <c>-k</c> files, stdin, else gpg's own keyring.</summary>
    public static int Import(string repoPath, string remote, IReadOnlyList<string> keyrings, bool stdin, IReadOnlyList<string> keyIds, CliConsole console)
    {
        var sources = new List<ReadOnlyMemory<byte>>();
        foreach (string file in keyrings)
        {
            try
            {
                sources.Add(File.ReadAllBytes(file));
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                throw new CliException($"Error opening file {Path.GetFullPath(file)}: No such file or directory", e);
            }
        }
        if (stdin)
            sources.Add(ReadStdin(console));
        if (keyrings.Count == 0 && !stdin)
            sources.Add(GpgKeySource.ExportPublic(null));
        const string noData = "GPG: Unable to export keys: GPGME: No data";
        try
        {
            if (sources.All(source => RemoteKeyringStore.SplitKeys(source).Count == 0))
                throw new CliException(noData);
            return RemoteKeyringStore.Import(repoPath, remote, sources, keyIds);
        }
        catch (OpenPgpKeyNotFoundException e)
        {
            throw new CliException($"GPG: {e.Message}: GPGME: End of file", e);
        }
        catch (OpenPgpFormatException e)
        {
            throw new CliException(noData, e);
        }
    }

    private static byte[] ReadStdin(CliConsole console)
    {
        if (ReferenceEquals(console.In, Console.In))
        {
            // Binary keyrings must not pass through a text decoder.
            using var stream = Console.OpenStandardInput();
            using var ms = new MemoryStream();
            stream.CopyTo(ms);
            return ms.ToArray();
        }
        return Encoding.UTF8.GetBytes(console.In.ReadToEnd());
    }

    /// <summary>The keyring <c>gpg-list-keys</c> and summary verification use for <paramref name="remote"/>.</summary>
    public static OpenPgpKeyring Keyring(string repoPath, OstreeRemote remote)
    {
        try
        {
            return GpgKeyringResolver.ForRemote(repoPath, remote.Name, KeyPaths(remote));
        }
        catch (OpenPgpFormatException e)
        {
            throw new CliException($"GPG: {e.Message}", e);
        }
    }

    private static string[] KeyPaths(OstreeRemote remote) =>
        remote.GetString("gpgkeypath") is { Length: > 0 } paths
            ? paths.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];

    /// <summary>
    /// <c>gpg-list-keys</c>: per key its fingerprint, dates, user IDs with their WKD URLs, and subkeys, from the keyring
    /// files <see cref="GpgKeyringResolver"/> reads for <paramref name="remote"/> (each read once). gpg lists the primary
    /// user ID first (decided by the self-signatures in those files).
    /// </summary>
    public static string ListKeys(string repoPath, OstreeRemote remote)
    {
        var blobs = GpgKeyringResolver.GetKeyringFiles(repoPath, remote.Name, KeyPaths(remote)).Select(File.ReadAllBytes).ToList();
        var keyring = new OpenPgpKeyring();
        try
        {
            foreach (byte[] blob in blobs)
                keyring.Add(blob);
        }
        catch (OpenPgpFormatException e)
        {
            throw new CliException($"GPG: {e.Message}", e);
        }
        var primaryUids = PrimaryUserIds(blobs);
        var tz = TimeZoneInfo.Local;
        var sb = new StringBuilder();
        foreach (var key in keyring.PrimaryKeys)
        {
            sb.Append("Key: ").Append(key.Fingerprint).Append('\n');
            AppendDates(sb, key, "  ", tz);
            var uids = key.UserIds.ToList();
            if (primaryUids.TryGetValue(key.Fingerprint, out string? primary) && uids.Remove(primary))
                uids.Insert(0, primary);
            foreach (string uid in uids)
            {
                sb.Append("  UID: ").Append(uid).Append('\n');
                if (WkdAddress(uid) is (string local, string domain))
                {
                    string hash = WkdHash(local);
                    sb.Append("  Advanced update URL: https://openpgpkey.").Append(domain).Append("/.well-known/openpgpkey/")
                      .Append(domain).Append("/hu/").Append(hash).Append("?l=").Append(local).Append('\n');
                    sb.Append("  Direct update URL: https://").Append(domain).Append("/.well-known/openpgpkey/hu/")
                      .Append(hash).Append("?l=").Append(local).Append('\n');
                }
            }
            foreach (var sub in key.Subkeys)
            {
                sb.Append("  Subkey: ").Append(sub.Fingerprint).Append('\n');
                AppendDates(sb, sub, "    ", tz);
            }
        }
        return sb.ToString();
    }

    /// <summary>
    /// The primary user ID of each key (by fingerprint): among user IDs whose newest self-certification sets the
    /// primary-user-ID flag, else among all, the one with the newest self-certification.
    /// </summary>
    private static Dictionary<string, string> PrimaryUserIds(IEnumerable<byte[]> keyringFiles)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (byte[] file in keyringFiles)
        {
            try
            {
                foreach (byte[] block in RemoteKeyringStore.SplitKeys(file))
                {
                    if (PrimaryUserId(block) is (string fingerprint, string uid))
                        result.TryAdd(fingerprint, uid);
                }
            }
            catch (OpenPgpFormatException)
            {
                // A packet the keyring skips (an unknown signature version, say): this file's keys keep keyring order.
            }
        }
        return result;
    }

    private static (string Fingerprint, string Uid)? PrimaryUserId(byte[] block)
    {
        var reader = new OpenPgpPacketReader(block);
        OpenPgpPublicKey? key = null;
        string? uid = null;
        var latest = new Dictionary<string, (DateTimeOffset Time, bool Primary)>(StringComparer.Ordinal);
        while (reader.TryRead(out var packet))
        {
            switch (packet.Tag)
            {
                case OpenPgpPacketTag.PublicKey:
                    key = OpenPgpPublicKey.Parse(packet.Body.Span, isSubkey: false);
                    break;
                case OpenPgpPacketTag.UserId:
                    uid = Encoding.UTF8.GetString(packet.Body.Span);
                    break;
                case OpenPgpPacketTag.UserAttribute:
                case OpenPgpPacketTag.PublicSubkey:
                    uid = null;
                    break;
                case OpenPgpPacketTag.Signature when key is not null && uid is not null:
                    var sig = OpenPgpSignature.Parse(packet.Body.Span);
                    bool self = sig.IssuerKeyId == key.KeyId
                        || (!sig.IssuerFingerprint.IsEmpty && sig.IssuerFingerprint.SequenceEqual(key.FingerprintBytes));
                    if (!self || sig.SignatureType is < OpenPgpSignatureType.GenericCertification or > OpenPgpSignatureType.PositiveCertification
                        || sig.CreationTime is not { } time)
                        break;
                    bool primary = sig.Subpackets.Any(sp => sp.Type == 25 && sp.IsHashed && sp.Data.Length > 0 && sp.Data.Span[0] != 0);
                    if (!latest.TryGetValue(uid, out var seen) || time > seen.Time)
                        latest[uid] = (time, primary);
                    break;
            }
        }
        if (key is null || latest.Count == 0)
            return null;
        var pool = latest.Any(l => l.Value.Primary) ? latest.Where(l => l.Value.Primary) : latest;
        return (key.Fingerprint, pool.MaxBy(l => l.Value.Time).Key);
    }

    private static void AppendDates(StringBuilder sb, OpenPgpPublicKey key, string indent, TimeZoneInfo tz)
    {
        sb.Append(indent).Append("Created: ").Append(GpgVerificationReport.FormatTime(key.CreationTime, tz)).Append('\n');
        if (key.ExpirationTime is { } expires)
            sb.Append(indent).Append("Expires: ").Append(GpgVerificationReport.FormatTime(expires, tz)).Append('\n');
    }

    /// <summary>The lower-cased local part and domain of the mail address in a user ID (<c>Name &lt;a@b&gt;</c> or <c>a@b</c>).</summary>
    private static (string Local, string Domain)? WkdAddress(string uid)
    {
        string address = uid;
        int open = uid.LastIndexOf('<');
        int close = uid.LastIndexOf('>');
        if (open >= 0 && close > open)
            address = uid[(open + 1)..close];
        int at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1 || address.Contains(' ', StringComparison.Ordinal))
            return null;
        return (address[..at].ToLowerInvariant(), address[(at + 1)..].ToLowerInvariant());
    }

    /// <summary>The Web Key Directory hash of a local part: z-base-32 of its SHA-1.</summary>
    private static string WkdHash(string local)
    {
        byte[] digest = SHA1.HashData(Encoding.UTF8.GetBytes(local));
        var sb = new StringBuilder(32);
        int buffer = 0, bits = 0;
        foreach (byte b in digest)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                sb.Append(ZBase32[(buffer >> bits) & 31]);
            }
        }
        if (bits > 0)
            sb.Append(ZBase32[(buffer << (5 - bits)) & 31]);
        return sb.ToString();
    }

    /// <summary>
    /// Checks <c>summary.sig</c> as <c>gpg-verify-summary=true</c> requires and returns the "GPG: Verification enabled"
    /// block <c>remote summary</c> prints after the summary.
    /// </summary>
    public static string VerifyGpg(string repoPath, OstreeRemote remote, byte[] summary, byte[]? signature)
    {
        const string noSignatures = "GPG verification enabled, but no summary signatures found (use gpg-verify-summary=false in remote config to disable)";
        if (signature is null)
            throw new CliException(noSignatures);
        GpgVerificationReport report;
        try
        {
            report = SummaryVerifier.VerifyGpg(summary, signature, Keyring(repoPath, remote));
        }
        catch (OstreeDataException e)
        {
            throw new CliException($"GPG: {e.Message}", e);
        }
        if (report.CountAll == 0)
            throw new CliException(noSignatures);
        string text = report.Describe();
        if (!report.HasValidSignature)
        {
            // ostree reports the first signature's description, unindented.
            string first = text.Split("\n\n")[1];
            throw new CliException(string.Join('\n', first.TrimEnd('\n').Split('\n').Select(l => l.StartsWith("  ", StringComparison.Ordinal) ? l[2..] : l)));
        }
        return "\nGPG: Verification enabled, f" + text[1..];
    }

    /// <summary>
    /// With <c>sign-verify-summary=true</c>, requires an <c>ed25519</c> signature in <c>summary.sig</c> by a key from
    /// <c>verification-ed25519-key</c>/<c>-file</c> (else the system trusted keys). ostree 2022.7 as packaged here has no
    /// ed25519 support, so the wording is ours (the library's).
    /// </summary>
    public static void VerifySign(OstreeRemote remote, byte[] summary, byte[]? signature)
    {
        if (remote.GetBoolean("sign-verify-summary") != true)
            return;
        try
        {
            var trust = Ed25519TrustStore.ForRemote(remote.GetString("verification-ed25519-key"), remote.GetString("verification-ed25519-file"));
            SummaryVerifier.RequireEd25519(summary, signature ?? new MetadataDictionary().Serialize(), trust);
        }
        catch (Exception e) when (e is SignatureVerificationException or OstreeDataException or FormatException)
        {
            throw new CliException(e.Message, e);
        }
    }
}
