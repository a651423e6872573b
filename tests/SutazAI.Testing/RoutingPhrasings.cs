using System.Net.Http.Json;

namespace SutazAI.Testing;

/// <summary>
/// Requests in words, as new users type them, with the capability each is for: the routing accuracy set. Written for
/// the measurement and kept apart from the skills' own example requests (which routing compares with), so a skill
/// cannot be tuned to its test. code.generate, code.review and plan.create need structured input (a language, the
/// code, a catalogue) and are reached through goals, not <c>auto</c>; knowledge.ingest takes a document id.
/// </summary>
public static class RoutingPhrasings
{
    public static readonly IReadOnlyList<(string Text, string Capability)> All =
    [
        ("how does the customer feel in this comment: the staff were rude and slow", "text.sentiment"),
        ("Is the following tweet happy or upset? I waited two hours and nobody called me back", "text.sentiment"),
        ("Tell me if this hotel review is favourable: lovely view, spotless room, friendly people", "text.sentiment"),
        ("sentiment of: I absolutely love the new update, great work", "text.sentiment"),
        ("Judge the emotional tone of this support ticket: this is the third time the app crashed and I am fed up", "text.sentiment"),
        ("does this feedback sound satisfied or disappointed? The delivery was late but the product is fine", "text.sentiment"),
        ("score the opinion in this product review from negative to positive: terrible battery, would not buy again", "text.sentiment"),
        ("was the author pleased? Best concert I have been to in years", "text.sentiment"),
        ("Pick out the keywords of this abstract: We study graph neural networks for traffic forecasting in dense cities", "text.keywords"),
        ("what are the main terms in this paragraph: solar panels, inverters and batteries make a home energy system", "text.keywords"),
        ("suggest tags for this blog post: ten easy vegetarian dinners for busy weeknights", "text.keywords"),
        ("Which important words stand out in this job ad: senior Rust developer, distributed systems, remote", "text.keywords"),
        ("key phrases please: the board approved the merger and the new budget for research", "text.keywords"),
        ("extract the central topics from this text: climate policy, carbon taxes and green subsidies were debated", "text.keywords"),
        ("list the most relevant terms of this news item: storm closes airports across the northern region", "text.keywords"),
        ("Give me a short summary of this: The committee met on Monday. It reviewed the budget. It postponed the vote on the new hall until spring.", "text.summary"),
        ("tl;dr of this article: Researchers found that sleeping more improves memory. The study followed 500 students for a year.", "text.summary"),
        ("shorten these notes to the essentials: we agreed on the launch date, marketing needs the assets by Friday, legal still reviews the terms", "text.summary"),
        ("can you sum up the following report in two sentences: Sales rose in the north and fell in the south. Costs stayed flat.", "text.summary"),
        ("boil this down: the landlord will repair the heating next week and the rent stays the same until June", "text.summary"),
        ("what's the gist of this: the city plans new bike lanes, fewer parking spaces and a lower speed limit downtown", "text.summary"),
        ("briefly summarise this story: a lost dog walked 40 km back to its family over three days", "text.summary"),
        ("What language is this: Ich habe heute keine Zeit, vielleicht morgen", "text.language"),
        ("which language are these lines in? Je voudrais un café s'il vous plaît", "text.language"),
        ("detect the language: ¿Dónde está la estación de tren?", "text.language"),
        ("in what language was this written: Dit is een korte zin in het Nederlands", "text.language"),
        ("identify the language of this greeting: Buongiorno a tutti", "text.language"),
        ("is this Portuguese or Spanish: Obrigado pela ajuda", "text.language"),
        ("tell me the language of this sentence: The quick brown fox jumps over the lazy dog", "text.language"),
        ("find the people and organisations in this text: Angela Merkel met executives from Siemens in Munich", "text.entities"),
        ("extract every email address and date from this: write to ops@example.com before 12 March 2027", "text.entities"),
        ("which places are mentioned here: we flew from Lisbon to Nairobi via Cairo", "text.entities"),
        ("pull the money amounts out of this invoice text: total due 1,250.00 EUR, deposit 300 EUR", "text.entities"),
        ("named entity recognition on: Tim Cook announced the new iPhone in Cupertino on Tuesday", "text.entities"),
        ("get the URLs and phone numbers in this message: see https://example.org or call 555-0100", "text.entities"),
        ("who and what organisations appear in this paragraph: the UN and Greenpeace criticised the plan of Governor Lee", "text.entities"),
        ("hi, how are you today?", "chat.message"),
        ("tell me something funny about cats", "chat.message"),
        ("I need ideas for a birthday present for my sister who likes hiking", "chat.message"),
        ("explain to me like I'm five why the sky is blue", "chat.message"),
        ("can you help me plan what to cook for a dinner party of six", "chat.message"),
        ("write a short poem about autumn leaves", "chat.message"),
        ("what's a good way to learn to play the guitar as an adult", "chat.message"),
        ("let's chat about your favourite books", "chat.message"),
        ("draft a friendly message inviting my team to lunch on Friday", "chat.message"),
        ("what do my documents say about the warranty period", "knowledge.answer"),
        ("according to my uploaded notes, who is responsible for the backups", "knowledge.answer"),
        ("look in my files: what did we decide about the office move", "knowledge.answer"),
        ("search my knowledge base for the onboarding checklist steps", "knowledge.answer"),
        ("based on the manuals I uploaded, how do I calibrate the printer", "knowledge.answer"),
        ("what does my lease agreement say about pets", "knowledge.answer"),
        ("find the answer in my documents: when does the insurance policy renew", "knowledge.answer"),
        ("from my saved papers, what was the conclusion of the pilot study", "knowledge.answer"),
        ("check my notes and tell me the wifi password policy", "knowledge.answer"),
        ("rate how positive this app store review is: works fine, nothing special", "text.sentiment"),
        ("what are the recurring keywords in these survey answers: price, speed, price, support, speed", "text.keywords"),
        ("recap this thread in one paragraph: Anna proposed Tuesday, Ben preferred Wednesday, they settled on Wednesday at 10", "text.summary"),
        ("which tongue is this text in: Tack så mycket för hjälpen", "text.language"),
        ("spot the dates and organisations: Acme Corp signed with Globex on 3 May 2026", "text.entities"),
        ("good morning! any tips for staying focused while working from home?", "chat.message"),
        ("in the PDFs I gave you, what is the maximum load of the bridge", "knowledge.answer"),
        ("what does the handbook I uploaded say about parental leave", "knowledge.answer"),
        ("classify the mood of this message as positive, neutral or negative: meeting moved to 3pm", "text.sentiment"),
    ];

    /// <summary>Texts that are about nothing any capability does: routing must refuse them, not guess.</summary>
    public static readonly IReadOnlyList<string> Nonsense =
    [
        "zxqv blorptang ffnurgle wubbadoo krrp",
        "qwpo zzzt mrrbl vexx",
        "asdf jkl; asdf jkl;",
    ];
}

/// <summary>The share of <see cref="RoutingPhrasings.All"/> that <c>POST /api/v1/capabilities/route</c> sends where it belongs.</summary>
public static class RoutingEvaluation
{
    public sealed record Result(double Accuracy, int Total, IReadOnlyList<string> Misses, IReadOnlyList<string> Routes);

    public static async Task<Result> MeasureAsync(HttpClient client)
    {
        var misses = new List<string>();
        var routes = new List<string>();
        foreach (var (text, expected) in RoutingPhrasings.All.Concat(RoutingPhrasings.Nonsense.Select(n => (Text: n, Capability: "(refused)"))))
        {
            using var response = await client.PostAsJsonAsync("/api/v1/capabilities/route", new { text });
            response.EnsureSuccessStatusCode();
            var route = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
            var chosen = route.GetProperty("chosen").ValueKind == System.Text.Json.JsonValueKind.String ? route.GetProperty("chosen").GetString() : "(refused)";
            var line = $"'{text}' -> {chosen} ({route.GetProperty("similarity").GetDouble():F2}, {route.GetProperty("method").GetString()}), expected {expected}";
            routes.Add(line);
            if (chosen != expected)
            {
                misses.Add(line);
            }
        }

        var total = RoutingPhrasings.All.Count + RoutingPhrasings.Nonsense.Count;
        return new Result(Math.Round((double)(total - misses.Count) / total, 4), total, misses, routes);
    }
}
