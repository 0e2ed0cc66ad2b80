package io.relevo.channels.teams;

import java.util.List;

import io.relevo.core.config.Setting;

/** Settings of the Microsoft Teams channel; it is off while the app id is unset. */
public final class TeamsSettings {

  public static final Setting<String> APP_ID = Setting.string("teams.appId", "",
      "Microsoft app id of the bot (the audience of the Bot Connector's tokens); empty: Teams is off.");
  public static final Setting<String> APP_PASSWORD = Setting.secret("teams.appPassword",
      "Client secret of the bot's app registration, for the tokens with which replies are sent.");
  public static final Setting<String> OPENID_URL = Setting.string("teams.openIdUrl",
      "https://login.botframework.com/v1/.well-known/openidconfiguration",
      "OpenID metadata of the Bot Connector (issuer and signing keys).");
  public static final Setting<String> TOKEN_URL = Setting.string("teams.tokenUrl",
      "https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token",
      "OAuth token endpoint for the bot's client-credentials tokens.");
  public static final Setting<String> ISSUER = Setting.string("teams.issuer", "https://api.botframework.com",
      "Issuer the Bot Connector's tokens must carry.");

  public static final Setting<String> SERVICE_URLS = Setting.string("teams.serviceUrls",
      "https://smba.trafficmanager.net/,https://smba.infra.gcc.teams.microsoft.com/,"
          + "https://smba.infra.gov.teams.microsoft.us/,https://smba.infra.dod.teams.microsoft.us/",
      "Comma-separated prefixes of the Bot Framework service URLs Relevo accepts in activities and sends to "
          + "(public Teams, GCC, GCC High, DoD); an activity naming another serviceUrl is refused.");

  public static final Setting<String> APPROVALS_SERVICE_URL = Setting.string("teams.approvalsServiceUrl",
      "https://smba.trafficmanager.net/teams/",
      "Bot Framework service URL on which approvers' personal chats are opened to send them approval cards "
          + "(it must be under teams.serviceUrls).");
  public static final Setting<String> TENANT_ID = Setting.string("teams.tenantId", "",
      "Microsoft 365 tenant id of the approvers, for opening their personal chats with the bot.");

  private TeamsSettings() {
  }

  /** The allowed service URL prefixes of {@link #SERVICE_URLS}. */
  public static List<String> serviceUrls(io.vertx.core.json.JsonObject config) {
    return java.util.Arrays.stream(SERVICE_URLS.get(config).split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  public static List<Setting<?>> all() {
    return List.of(APP_ID, APP_PASSWORD, OPENID_URL, TOKEN_URL, ISSUER, SERVICE_URLS, APPROVALS_SERVICE_URL, TENANT_ID);
  }
}
