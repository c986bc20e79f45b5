using System.Globalization;
using System.Text;
using OstreeSharp.Signing.OpenPgp;

namespace OstreeSharp.Signing;

/// <summary>
/// The outcome of checking every signature in an <c>ostree.gpgsigs</c> array: libostree's <c>OstreeGpgVerifyResult</c>
/// counterpart, including the text block <c>ostree show</c> prints (<see cref="Describe"/>).
/// </summary>
public sealed class GpgVerificationReport
{
    /// <summary>Creates a report over per-signature results.</summary>
    public GpgVerificationReport(IReadOnlyList<OpenPgpVerificationResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        Results = results;
    }

    /// <summary>One result per signature, in storage order.</summary>
    public IReadOnlyList<OpenPgpVerificationResult> Results { get; }

    /// <summary>Number of signatures.</summary>
    public int CountAll => Results.Count;

    /// <summary>Number of good signatures (valid, by a usable, unexpired, unrevoked trusted key).</summary>
    public int CountValid => Results.Count(r => r.IsValid);

    /// <summary>Whether at least one signature is good: what ostree requires.</summary>
    public bool HasValidSignature => Results.Any(r => r.IsValid);

    /// <summary>Why no signature is good, or null when one is. The most specific problem wins (altered data first).</summary>
    public SignatureFailureReason? FailureReason
    {
        get
        {
            if (HasValidSignature)
            {
                return null;
            }
            if (Results.Count == 0)
            {
                return SignatureFailureReason.NoSignature;
            }
            var statuses = Results.Select(r => r.Status).ToHashSet();
            if (statuses.Contains(OpenPgpVerificationStatus.BadSignature))
            {
                return SignatureFailureReason.BadSignature;
            }
            if (statuses.Contains(OpenPgpVerificationStatus.KeyRevoked))
            {
                return SignatureFailureReason.RevokedKey;
            }
            if (statuses.Contains(OpenPgpVerificationStatus.KeyExpired))
            {
                return SignatureFailureReason.ExpiredKey;
            }
            if (statuses.Contains(OpenPgpVerificationStatus.SignatureExpired))
            {
                return SignatureFailureReason.ExpiredSignature;
            }
            return statuses.All(s => s == OpenPgpVerificationStatus.UnknownKey) ? SignatureFailureReason.UntrustedKey : SignatureFailureReason.Other;
        }
    }

    /// <summary>
    /// The text <c>ostree show</c> prints after a signed commit: <c>Found N signature(s):</c>, then per signature a blank
    /// line and indented lines ("Signature made … using RSA key ID …", "Good signature from "…"", expiry and primary key
    /// lines). Times are shown in <paramref name="timeZone"/> (default: local) in C-locale <c>%c</c> form.
    /// </summary>
    public string Describe(TimeZoneInfo? timeZone = null)
    {
        timeZone ??= TimeZoneInfo.Local;
        var sb = new StringBuilder();
        sb.Append("Found ").Append(Results.Count.ToString(CultureInfo.InvariantCulture))
          .Append(Results.Count == 1 ? " signature:\n" : " signatures:\n");
        foreach (var result in Results)
        {
            sb.Append('\n');
            DescribeSignature(sb, result, timeZone);
        }
        return sb.ToString();
    }

    private static void DescribeSignature(StringBuilder sb, OpenPgpVerificationResult r, TimeZoneInfo tz)
    {
        bool bad = r.Status == OpenPgpVerificationStatus.BadSignature;
        // For a signature that does not match, gpg reports neither its time nor its algorithm.
        DateTimeOffset made = bad ? DateTimeOffset.UnixEpoch : r.CreationTime ?? DateTimeOffset.UnixEpoch;
        string algorithm = bad ? "[unknown name]" : AlgorithmName(r.Signature.PublicKeyAlgorithm);
        sb.Append("  Signature made ").Append(FormatTime(made, tz)).Append(" using ").Append(algorithm)
          .Append(" key ID ").Append(r.KeyIdHex ?? "").Append('\n');
        if (r.IsKeyMissing)
        {
            sb.Append("  Can't check signature: public key not found\n");
            return;
        }
        if (r.Status == OpenPgpVerificationStatus.KeyRevoked)
        {
            sb.Append("  Key revoked\n");
        }
        else
        {
            sb.Append(r.IsValid ? "  Good signature from \"" : "  BAD signature from \"").Append(r.UserId ?? "").Append("\"\n");
        }
        if (!bad)
        {
            if (r.SignatureExpirationTime is { } se)
            {
                sb.Append(r.IsSignatureExpired ? "  Signature expired " : "  Signature expires ").Append(FormatTime(se, tz)).Append('\n');
            }
            if (r.KeyExpirationTime is { } ke)
            {
                sb.Append(r.Key!.ExpirationTime <= DateTimeOffset.UtcNow ? "  Key expired " : "  Key expires ").Append(FormatTime(ke, tz)).Append('\n');
            }
        }
        var primary = r.Key!.PrimaryKey ?? r.Key;
        if (bad || !ReferenceEquals(primary, r.Key))
        {
            sb.Append("  Primary key ID ").Append(primary.KeyIdHex).Append('\n');
            if (!bad && !ReferenceEquals(primary, r.Key) && primary.ExpirationTime is { } pe)
            {
                sb.Append(pe <= DateTimeOffset.UtcNow ? "  Primary key expired " : "  Primary key expires ").Append(FormatTime(pe, tz)).Append('\n');
            }
        }
    }

    /// <summary>gpgme's algorithm names (<c>RSA</c>, <c>EdDSA</c>, ...).</summary>
    public static string AlgorithmName(OpenPgpPublicKeyAlgorithm algorithm) => algorithm switch
    {
        OpenPgpPublicKeyAlgorithm.Rsa => "RSA",
        OpenPgpPublicKeyAlgorithm.RsaEncryptOnly => "RSA-E",
        OpenPgpPublicKeyAlgorithm.RsaSignOnly => "RSA-S",
        OpenPgpPublicKeyAlgorithm.Elgamal => "ELG-E",
        OpenPgpPublicKeyAlgorithm.Dsa => "DSA",
        OpenPgpPublicKeyAlgorithm.Ecdh => "ECDH",
        OpenPgpPublicKeyAlgorithm.Ecdsa => "ECDSA",
        OpenPgpPublicKeyAlgorithm.EdDsaLegacy or OpenPgpPublicKeyAlgorithm.Ed25519 or OpenPgpPublicKeyAlgorithm.Ed448 => "EdDSA",
        _ => "[unknown name]",
    };

    /// <summary>
    /// GLib's <c>%c</c> in the C locale: <c>Sun Nov 22 06:14:00 2026</c>; a one-digit day is padded with U+2007 FIGURE
    /// SPACE, as <c>g_date_time_format</c>'s <c>%e</c> does (observed in ostree 2022.7 output).
    /// </summary>
    public static string FormatTime(DateTimeOffset time, TimeZoneInfo timeZone)
    {
        ArgumentNullException.ThrowIfNull(timeZone);
        var local = TimeZoneInfo.ConvertTime(time, timeZone);
        return local.ToString("ddd MMM ", CultureInfo.InvariantCulture)
            + local.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2, '\u2007')
            + local.ToString(" HH:mm:ss yyyy", CultureInfo.InvariantCulture);
    }
}
