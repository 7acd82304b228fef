namespace Conformance.Observation;

/// <summary>
/// Reads canonical domain text. Grammar:
/// <code>
/// text     := '-' | resource (' ' resource)*
/// resource := NAME ['~'] ['+cdp'] '[' [domain (' ' domain)*] ']' ['{' [domain (' ' domain)*] '}']
///             -- in enum order, each once; ~ not alloc_capable, +cdp CDP on, {} its monitor domains (mon_capable)
/// domain   := ID ':' cpulist ['!type=' INT ',rid=' INT]      -- ids strictly ascending
/// </code>
/// Ids ascending and resources in enum order are part of the form: the canonical text of any
/// state the harness can compare is written that way, so anything else is a typo.
/// </summary>
internal sealed class DomainTextParser(string text, ResourceProfile profile)
{
    private int _i;

    public DomainListing Parse()
    {
        var resources = new List<ListedResource>();
        if (text == DomainText.NothingMapped)
            return new DomainListing(resources);
        while (true)
        {
            int at = _i;
            var resource = ParseResource();
            if (resources.Count > 0 && resource.Rid <= resources[^1].Rid)
                throw new TextFormatException(at, $"resources in enum order ({string.Join(" ", profile.Names)}), each once");
            resources.Add(resource);
            if (_i == text.Length)
                return new DomainListing(resources);
            if (text[_i] != ' ')
                throw new TextFormatException(_i, "one space before the next resource, or the end");
            _i++;
        }
    }

    private ListedResource ParseResource()
    {
        int start = _i;
        while (_i < text.Length && text[_i] != '[' && text[_i] != '~' && text[_i] != '+' && text[_i] != ' ')
            _i++;
        int rid = profile.IndexOf(text[start.._i]);
        if (rid < 0)
            throw new TextFormatException(start, $"a resource name ({string.Join(", ", profile.Names)}) or - for nothing mapped");
        bool allocCapable = true;
        if (_i < text.Length && text[_i] == '~')
        {
            allocCapable = false;
            _i++;
        }
        bool cdp = false;
        if (_i < text.Length && text[_i] == '+')
        {
            ExpectWord(DomainText.CdpFlag);
            cdp = true;
        }
        var domains = ParseList(rid, '[', ']', DomainType.Control);
        var monitors = _i < text.Length && text[_i] == '{' ? ParseList(rid, '{', '}', DomainType.Monitor) : null;
        return new ListedResource(rid, allocCapable, domains, cdp, monitors);
    }

    private List<ListedDomain> ParseList(int rid, char open, char close, int listType)
    {
        EventText.Expect(text, ref _i, open);
        var domains = new List<ListedDomain>();
        while (_i < text.Length && text[_i] != close)
        {
            if (domains.Count > 0)
                EventText.Expect(text, ref _i, ' ');
            int at = _i;
            var domain = ParseDomain(rid, listType, close);
            if (domains.Count > 0 && domain.Id <= domains[^1].Id)
                throw new TextFormatException(at, $"domain ids in ascending order, each once (after {domains[^1].Id})");
            domains.Add(domain);
        }
        EventText.Expect(text, ref _i, close);
        return domains;
    }

    private ListedDomain ParseDomain(int resourceRid, int listType, char close)
    {
        int id = EventText.ReadInt(text, ref _i, "a domain id");
        EventText.Expect(text, ref _i, ':');
        int start = _i;
        while (_i < text.Length && text[_i] != ' ' && text[_i] != close && text[_i] != '!')
            _i++;
        ulong[] mask;
        try
        {
            mask = CpuList.ParseFittedMask(text[start.._i], CpuMaskBits.MaxCpus);
        }
        catch (TextFormatException e)
        {
            throw new TextFormatException(start + e.Offset, e.Expected);
        }
        int type = listType, rid = resourceRid;
        if (_i < text.Length && text[_i] == '!')
        {
            _i++;
            ExpectWord("type=");
            type = EventText.ReadInt(text, ref _i, "a domain type number");
            ExpectWord(",rid=");
            rid = EventText.ReadInt(text, ref _i, "a rid number");
        }
        return new ListedDomain(id, mask, type, rid);
    }

    private void ExpectWord(string word)
    {
        if (string.CompareOrdinal(text, _i, word, 0, word.Length) != 0)
            throw new TextFormatException(_i, $"'{word}'");
        _i += word.Length;
    }
}
