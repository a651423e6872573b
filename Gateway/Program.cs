using SutazAI.Gateway;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGatewayServices();

var app = builder.Build();

app.UseSutazAIProblemDetails();
app.UseGatewayGuards();

app.MapDefaultEndpoints();
app.MapReverseProxy();

app.Run();
