export { SETTINGS, SETTING_BY_NAME, type SettingDef } from './definitions.js';
export { ConfigError, parseIni, iniGet, type IniFile } from './ini.js';
export { findConfigFile, loadSettings, settings, useSettings, Settings, type SettingValue } from './settings.js';
