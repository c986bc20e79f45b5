namespace OstreeSharp;

/// <summary>
/// The caller passed a collection ID that does not follow OSTree's grammar (spec §5). The message uses
/// libostree's wording, e.g. <c>Invalid collection ID NAME</c>.
/// </summary>
public class InvalidCollectionIdException : ArgumentException
{
    /// <summary>Creates an exception with a default message.</summary>
    public InvalidCollectionIdException() { }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    public InvalidCollectionIdException(string message) : base(message) { }

    /// <summary>Creates an exception with <paramref name="message"/> caused by <paramref name="innerException"/>.</summary>
    public InvalidCollectionIdException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates an exception about <paramref name="name"/>.</summary>
    /// <param name="message">The error text.</param>
    /// <param name="name">The rejected name.</param>
    /// <param name="paramName">The parameter that carried it.</param>
    public InvalidCollectionIdException(string message, string name, string? paramName) : base(message, paramName)
    {
        Name = name;
        _exactMessage = message;
    }

    private readonly string? _exactMessage;

    /// <summary>The rejected name, when known.</summary>
    public string? Name { get; }

    /// <summary>The libostree-style message, without the parameter-name suffix <see cref="ArgumentException"/> adds.</summary>
    public override string Message => _exactMessage ?? base.Message;
}
