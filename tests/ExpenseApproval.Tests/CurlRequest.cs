namespace ExpenseApproval.Tests;

/// <summary>
/// A curl command line as the README writes it: <c>-s</c>, <c>-X METHOD</c>, <c>-H 'Name: value'</c>,
/// <c>-d 'body'</c> and one URL. Other options are refused, so the replay never ignores what curl would do.
/// </summary>
internal sealed record CurlRequest(ShellWord? Method, IReadOnlyList<ShellWord> Headers, ShellWord? Body, ShellWord Url)
{
    public static CurlRequest Parse(IReadOnlyList<ShellWord> args, string line)
    {
        ShellWord? method = null, body = null, url = null;
        var headers = new List<ShellWord>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i].Text;
            switch (arg)
            {
                case "-s":
                    break;
                case "-X":
                    method = Next(args, ref i, line);
                    break;
                case "-H":
                    headers.Add(Next(args, ref i, line));
                    break;
                case "-d":
                    body = Next(args, ref i, line);
                    break;
                default:
                    if (arg.StartsWith('-') || url is not null)
                    {
                        throw new FormatException($"curl argument '{arg}' in README command '{line}' is not replayed (only -s, -X, -H, -d and one URL).");
                    }

                    url = args[i];
                    break;
            }
        }

        return new CurlRequest(method, headers, body, url ?? throw new FormatException($"README command '{line}' has no URL."));
    }

    /// <summary>Builds the request, as curl would send it: POST when there is a body and no -X, else GET.</summary>
    public HttpRequestMessage ToMessage(IReadOnlyDictionary<string, string> variables, Func<string, Uri> rebase)
    {
        var method = Method?.Expand(variables) ?? (Body is null ? "GET" : "POST");
        var message = new HttpRequestMessage(new HttpMethod(method), rebase(Url.Expand(variables)));
        string? contentType = null;
        foreach (var header in Headers.Select(h => h.Expand(variables)))
        {
            var colon = header.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new FormatException($"curl header '{header}' has no name.");
            }

            var (name, value) = (header[..colon].Trim(), header[(colon + 1)..].Trim());
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                contentType = value;
            }
            else
            {
                message.Headers.Add(name, value);
            }
        }

        if (Body is not null)
        {
            // curl -d sends application/x-www-form-urlencoded unless a Content-Type header says otherwise.
            message.Content = new StringContent(Body.Expand(variables));
            message.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType ?? "application/x-www-form-urlencoded");
        }

        return message;
    }

    private static ShellWord Next(IReadOnlyList<ShellWord> args, ref int i, string line) =>
        ++i < args.Count ? args[i] : throw new FormatException($"curl option '{args[i - 1].Text}' in README command '{line}' has no value.");
}
