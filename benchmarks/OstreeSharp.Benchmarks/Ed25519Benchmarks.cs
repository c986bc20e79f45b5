using BenchmarkDotNet.Attributes;
using OstreeSharp.Signing.Ed25519;

namespace OstreeSharp.Benchmarks;

/// <summary>Ed25519 sign and verify (256-byte message), with a cached public key and from raw key bytes.</summary>
[MemoryDiagnoser]
public class Ed25519Benchmarks
{
    private readonly byte[] _message = new byte[256];
    private Ed25519PrivateKey _key = null!;
    private Ed25519PublicKey _publicKey = null!;
    private byte[] _rawPublicKey = [];
    private byte[] _signature = [];

    [GlobalSetup]
    public void Setup()
    {
        _key = Ed25519PrivateKey.FromSeed(new byte[32]);
        _publicKey = Ed25519PublicKey.FromBytes(_key.PublicKey.Span);
        _rawPublicKey = _publicKey.ToArray();
        _signature = _key.Sign(_message);
    }

    [GlobalCleanup]
    public void Cleanup() => _key.Dispose();

    [Benchmark]
    public byte[] Sign() => _key.Sign(_message);

    [Benchmark]
    public bool VerifyCachedKey() => _publicKey.Verify(_message, _signature);

    [Benchmark]
    public bool VerifyRawKey() => Ed25519Signature.Verify(_rawPublicKey, _message, _signature);
}
