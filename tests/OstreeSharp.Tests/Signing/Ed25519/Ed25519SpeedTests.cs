using System.Diagnostics;
using OstreeSharp.Signing.Ed25519;
using Xunit.Abstractions;

namespace OstreeSharp.Tests.Signing.Ed25519;

/// <summary>Rough throughput, printed to the test output; the bounds are loose enough for a busy shared machine.</summary>
public class Ed25519SpeedTests(ITestOutputHelper output)
{
    [Fact]
    public void SignAndVerifyThroughput()
    {
        using var key = Ed25519PrivateKey.FromSeed(new byte[32]);
        byte[] msg = new byte[256];
        byte[] sig = key.Sign(msg);
        var pub = Ed25519PublicKey.FromBytes(key.PublicKey.Span);
        for (int i = 0; i < 20; i++)
        {
            Assert.True(pub.Verify(msg, key.Sign(msg)));
        }

        const int n = 300;
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < n; i++)
        {
            key.Sign(msg, sig);
        }

        double signUs = sw.Elapsed.TotalMicroseconds / n;
        sw.Restart();
        for (int i = 0; i < n; i++)
        {
            Assert.True(pub.Verify(msg, sig));
        }

        double verifyUs = sw.Elapsed.TotalMicroseconds / n;
        byte[] raw = pub.ToArray();
        sw.Restart();
        for (int i = 0; i < n; i++)
        {
            Assert.True(Ed25519Signature.Verify(raw, msg, sig));
        }

        double verifyRawUs = sw.Elapsed.TotalMicroseconds / n;
        output.WriteLine($"sign: {signUs:F1} µs ({1e6 / signUs:F0}/s); verify, cached key: {verifyUs:F1} µs ({1e6 / verifyUs:F0}/s); " +
            $"verify, raw key: {verifyRawUs:F1} µs ({1e6 / verifyRawUs:F0}/s)");
        Assert.True(verifyRawUs < 20000, $"verify took {verifyRawUs} µs");
        Assert.True(signUs < 20000, $"sign took {signUs} µs");
    }
}
