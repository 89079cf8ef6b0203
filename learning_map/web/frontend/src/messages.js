/* Built from learning_map/locale/<locale>/LC_MESSAGES/messages.po by `npm run build`. Do not edit: change the .po files. */
export const MESSAGES = {
 "zh_Hans": {
  "Opening hours": "开放时间"
 },
 "zh_Hant": {
  "Opening hours": "開放時間"
 },
 "en": {
  "Opening hours": "Opening hours"
 },
 "pt": {
  "Opening hours": "Horário"
 }
};
