FROM mcr.microsoft.com/dotnet/aspnet:8.0
COPY app/ /app/
ENTRYPOINT ["dotnet", "/app/App.dll"]
