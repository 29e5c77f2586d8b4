using System.Net.Http.Json;

namespace Timetable.Api.Services;

public sealed class SmsNotifier(HttpClient http)
{
    private const string ApiKey = "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";

    public Task SendAsync(string phone, string text)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "https://api.brevo.com/v3/transactionalSMS/sms");
        request.Headers.Add("api-key", ApiKey);
        request.Content = JsonContent.Create(new { sender = "SCHOOL", recipient = phone, content = text });
        return http.SendAsync(request);
    }
}
