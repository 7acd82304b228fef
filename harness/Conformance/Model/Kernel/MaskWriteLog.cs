namespace Conformance.Model;

/// <summary>
/// The domain headers whose masks changed since the observer last took them, each once, with the
/// words the changes are in (<see cref="DomainHeader.ChangedWords"/>): what the
/// cpumask stand-ins' mask_written hook tells the C side's snapshots, so that a snapshot of lists
/// that did not change copies those masks and looks at no other.
/// </summary>
public sealed class MaskWriteLog
{
    private readonly List<DomainHeader> _headers = [];
    // Which taking a header was last noted for: noted once per taking, without a set.
    private long _taking = 1;

    // A change in word `word` of the header's mask, just counted in its version.
    internal void Note(DomainHeader header, int word)
    {
        if (header.NotedForTaking == _taking)
        {
            header.ChangedWords = (Math.Min(header.ChangedWords.From, word), Math.Max(header.ChangedWords.End, word + 1));
            return;
        }
        header.NotedForTaking = _taking;
        header.ChangedWords = (word, word + 1);
        header.VersionBeforeChanges = header.MaskVersion - 1;
        _headers.Add(header);
    }

    /// <summary>The headers noted since the last <see cref="Clear"/>.</summary>
    public ReadOnlySpan<DomainHeader> Headers => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_headers);

    /// <summary>The observer took them: the next change of any is noted again.</summary>
    public void Clear()
    {
        _headers.Clear();
        _taking++;
    }
}
