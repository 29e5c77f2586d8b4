using System.Net;
using System.Net.Mail;

namespace Hr.Web.Services;

public interface IMailer
{
    Task SendAsync(string to, string subject, string body);
}

public class SmtpMailer : IMailer
{
    private readonly IConfiguration _config;

    public SmtpMailer(IConfiguration config) => _config = config;

    public async Task SendAsync(string to, string subject, string body)
    {
        using var client = new SmtpClient(_config["Smtp:Host"], int.Parse(_config["Smtp:Port"] ?? "25"))
        {
            EnableSsl = true,
            Credentials = new NetworkCredential(_config["Smtp:User"], _config["Smtp:Password"]),
        };
        await client.SendMailAsync(new MailMessage(_config["Smtp:User"]!, to, subject, body));
    }
}
