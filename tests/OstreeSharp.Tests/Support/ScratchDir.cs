namespace OstreeSharp.Tests.Support;

/// <summary>A temporary directory removed on dispose.</summary>
public sealed class ScratchDir : IDisposable
{
    public ScratchDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ostreesharp-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
