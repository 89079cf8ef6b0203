/* Built from learning_map/web/frontend/src/national.js by `npm run build` (esbuild). Do not edit: change the modules in learning_map/web/frontend/src/. */
(() => {
  // learning_map/web/frontend/src/messages.js
  var MESSAGES = {
    "zh_Hans": {
      " (show on the map)": "（在地图上显示）",
      "15-minute learning circle": "15分钟学习圈",
      "15-minute learning circles · planning assessment": "15分钟学习圈 · 规划评估",
      "Added {name} ({lon}, {lat})": "新增 {name}（{lon}, {lat}）",
      "Address": "地址",
      "Adult (4.8 km/h)": "成人（4.8 km/h）",
      "Afternoon": "下午",
      "All": "全部",
      "All categories": "全部类别",
      "All cities": "全部城市",
      "All learning sites": "全部学习场所",
      "All ways": "全部道路",
      "Analysis": "分析设置",
      "Any": "不限",
      "At most {n} closed site.": [
        "最多关闭 {n} 处场所。"
      ],
      "At most {n} proposed site.": [
        "最多 {n} 处拟建场所。"
      ],
      "Back to learning sites": "返回学习场所",
      "Back to the start": "回到起点",
      "Beyond the walk": "步行范围外",
      "Cancel": "取消",
      "Categories": "类别",
      "Category": "类别",
      "Change": "变化",
      "Citizen map": "市民地图",
      "City total": "全市合计",
      "City totals": "仅全市",
      "Clear all": "清除全部",
      "Click the map to pick a starting point and see the learning sites within walking distance.": "点击地图选一个起点，查看步行可达的学习场所。",
      "Click the map to propose a site; click a site to close or reopen it; click a proposed site to remove it.": "点击地图新增拟建场所；点击场所关闭或恢复；点击拟建场所将其移除。",
      "Closed (scenario)": "已关闭（方案）",
      "Closed {name}": "关闭 {name}",
      "College": "学院",
      "Community school / learning point": "社区学校/学习点",
      "Computing…": "正在计算…",
      "Contact (optional)": "联系方式（可选）",
      "Course type": "课程类别",
      "Courses": "课程",
      "Cultural centre": "文化中心",
      "Culture": "文化",
      "Curated route": "推荐路线",
      'Curated route "{title}": {stops} stops, {km} km, about {adult} min (older people about {elderly} min).': "推荐路线「{title}」：{stops} 站，{km} 公里，约 {adult} 分钟（长者约 {elderly} 分钟）。",
      "Day": "日期",
      "Details": "详情",
      "Downloads": "下载",
      "Elderly": "老年人",
      "Elderly (3.3 km/h)": "老年人（3.3 km/h）",
      "Elderly education": "老年教育",
      "Elderly residents": "老年居民",
      "Enrolling": "报名中",
      "Enrolling now only": "只看报名中",
      "Error: {message}": "出错了：{message}",
      "Evening": "晚上",
      "Failures only": "仅未达标",
      "Finding the city…": "正在查找城市…",
      "For": "对象",
      "Fri": "周五",
      "Gap areas": "覆盖盲区",
      "Gaps": "盲区",
      "History": "历史",
      "How many": "数量",
      "Humanities walk": "人文行走",
      "Humanities walk: {stops} stops, {km} km, about {adult} min (older people about {elderly} min), back to the start.": "人文行走：{stops} 个站点，全程 {km} 公里，约 {adult} 分钟（老年人约 {elderly} 分钟），回到起点。",
      "Language": "语言",
      "Learning-circle planner": "学习圈规划工具",
      "Length": "时长",
      "Library": "图书馆",
      "Limit": "限值",
      "Locate me": "定位我的位置",
      "Locating…": "正在定位…",
      "Location unavailable: click the map instead": "无法获取位置，请点击地图",
      "Map data": "地图数据",
      "Map figure": "地图指标",
      'Map: arrow keys move it, plus and minus zoom; "Search from map centre" uses the cross': "地图：方向键移动，加减号缩放；按“查询地图中心”从十字处查询",
      "Mon": "周一",
      "Morning": "上午",
      "Moved to {lon}, {lat}; save to keep it": "已移到 {lon}, {lat}；保存后生效",
      "No changes (as is)": "尚无变更（现状）",
      "No gap areas.": "没有覆盖盲区。",
      "No humanities sight can be reached and walked back from in this time.": "附近没有可在此时长内走到的人文景点。",
      "No learning site can be reached on foot from here.": "附近没有可步行到达的学习场所。",
      'No learning site within a {minutes}-minute walk is open at this time (untick "Open now only" to see them all).': "步行 {minutes} 分钟内此刻没有开放的学习场所（取消“只看开放中”可查看全部）。",
      "No learning site within a {minutes}-minute walk offers a matching course.": "步行 {minutes} 分钟内没有开设符合条件课程的学习场所。",
      "No learning site within a {minutes}-minute walk.": "步行 {minutes} 分钟内没有可到达的学习场所。",
      "No matching place found.": "没有找到匹配的地点。",
      "No new site adds anyone.": "新增场所已无法覆盖更多居民。",
      "No reporting units: the city total, gaps and recommended sites are shown. Start the server with --units FILE:FIELD for the choropleth and the scorecard.": "未配置报告单元：显示全市合计、盲区与建议新址。启动时加 --units 文件:字段 可显示分区图与标准评估。",
      "No site found": "没有找到场所",
      "Normal": "正常",
      "Now": "现在",
      "Offers": "服务内容",
      "Older people": "老年人",
      "Open at": "开放时间",
      "Open now only": "只看开放中",
      "Opening hours": "开放时间",
      "Pace": "步速",
      "Phone": "电话",
      "Placed at {lon}, {lat}; save to keep it": "已放在 {lon}, {lat}；保存后生效",
      "Placed by hand at {lon}, {lat}": "已手动放置于 {lon}, {lat}",
      "Planning a humanities walk…": "正在规划人文行走路线…",
      "Please describe the mistake.": "请填写纠错内容。",
      "Print": "打印",
      "Propose it": "采纳为拟建",
      "Proposed site": "拟建场所",
      "Proposed site category": "拟建场所类别",
      "R": "休",
      "Recommended": "建议新址",
      "Recommended site {n}": "建议新址 {n}",
      "Recommended sites": "建议新址",
      "Report a mistake": "纠错",
      "Report a mistake: {name}": "纠错：{name}",
      "Required": "要求",
      "Residents": "居民",
      "Rest": "休息点",
      "Rest point (bench, toilet…)": "休息点（长椅、洗手间等）",
      "Results": "结果",
      "Route": "路线",
      "Rule": "规则",
      "Sat": "周六",
      "Scenario": "方案",
      "School": "中小学",
      "Search": "搜索",
      "Search a place or learning site": "搜索地点或学习场所",
      "Search from map centre": "查询地图中心",
      "Send": "提交",
      "Sending…": "正在提交…",
      "Share of elderly residents": "老年居民覆盖率",
      "Share of residents": "居民覆盖率",
      "Show": "显示",
      "Show fewer results": "收起结果",
      "Show more results": "展开结果",
      "Site category": "场所类别",
      "Sites": "场所",
      "Sites (with scenario)": "场所（含方案）",
      "Standard": "评估标准",
      "Standards scorecard": "标准评估",
      "Step-free": "无台阶",
      "Suggestion {n} taken: {lon}, {lat}; save to keep it": "已采用建议 {n}：{lon}, {lat}；保存后生效",
      "Suggestion {n}: {name}": "建议 {n}：{name}",
      "Sun": "周日",
      "Thank you, sent": "谢谢，已提交",
      'The nearest is "{name}", about {minutes} min on foot.': "最近的是「{name}」，步行约 {minutes} 分钟。",
      "The row's place (drag to move)": "该行的位置（拖动可移动）",
      "Theme": "主题",
      "This browser cannot locate you": "此浏览器无法定位",
      "Thu": "周四",
      "Time": "时刻",
      "Time of day": "时段",
      "Today": "今天",
      "Tomorrow": "明天",
      "Tue": "周二",
      "Turn what-if mode on, then click the map to propose a site or click a site to close it.": "打开推演模式后，点击地图新增拟建场所，点击现有场所将其关闭。",
      "Undo": "撤销",
      "Unit": "单元",
      "Unit figures": "分区指标",
      "Units": "分区",
      "University": "大学",
      "Updated ({ms} ms)": "已更新（{ms} 毫秒）",
      "Value": "实际",
      "Verdict": "结论",
      "Walk": "步行时间",
      'Walking route to "{name}": about {minutes} min': "到「{name}」的步行路线：约 {minutes} 分钟",
      "Ways": "路线",
      "Website": "网站",
      "Wed": "周三",
      "Weekday": "星期",
      "What is wrong?": "哪里有误？",
      "What-if mode: off": "推演模式：关",
      "What-if mode: on": "推演模式：开",
      "What-if scenario": "方案推演（假设分析）",
      "Within the walk": "步行范围内",
      "You are here": "您的位置",
      "Young people": "青少年",
      "Zoom in": "放大",
      "Zoom out": "缩小",
      "adds {n} elderly resident · {share} in all": [
        "新增覆盖 {n} 名老年居民 · 累计 {share}"
      ],
      "adds {n} resident · {share} in all": [
        "新增覆盖 {n} 名居民 · 累计 {share}"
      ],
      "at least {n} site": [
        "至少 {n} 处场所"
      ],
      "fail": "未达标",
      "in metres": "按米",
      "min": "分钟",
      "n/a": "不适用",
      "nearest: {name}, {minutes} min on foot": "最近场所：{name}，步行 {minutes} 分钟",
      "no residents": "无居民",
      "no such site within reach": "步行范围内无同类场所",
      "pass": "达标",
      "{adult} min walk (older people {elderly} min)": "步行 {adult} 分钟（老年人 {elderly} 分钟）",
      "{minutes} min walk · {metres} m": "步行 {minutes} 分钟 · {metres} 米",
      "{n} categories": "{n} 个类别",
      "{n} elderly resident not covered": [
        "未覆盖 {n} 名老年居民"
      ],
      "{n} elderly resident · {area} ha": [
        "{n} 名老年居民 · {area} 公顷"
      ],
      "{n} learning sites within a {minutes}-minute walk": "步行 {minutes} 分钟内可到达 {n} 处学习场所",
      "{n} resident not covered": [
        "未覆盖 {n} 名居民"
      ],
      "{n} resident · {area} ha": [
        "{n} 名居民 · {area} 公顷"
      ],
      "{n} site: zoom in": [
        "{n} 个场所：放大查看"
      ],
      "{n} smaller gap not listed": [
        "另有 {n} 处较小盲区"
      ],
      "{passed} of {n} check passes": [
        "{n} 项检查中 {passed} 项达标"
      ],
      "{share} covered": "覆盖率 {share}",
      "{who} ({minutes} min)": "{who}（{minutes} 分钟）"
    },
    "zh_Hant": {
      " (show on the map)": "（在地圖上顯示）",
      "15-minute learning circle": "15分鐘學習圈",
      "15-minute learning circles · planning assessment": "15分鐘學習圈 · 規劃評估",
      "Added {name} ({lon}, {lat})": "新增 {name}（{lon}, {lat}）",
      "Address": "地址",
      "Adult (4.8 km/h)": "成人（4.8 km/h）",
      "Afternoon": "下午",
      "All": "全部",
      "All categories": "全部類別",
      "All cities": "全部城市",
      "All learning sites": "全部學習場所",
      "All ways": "全部道路",
      "Analysis": "分析設定",
      "Any": "不限",
      "At most {n} closed site.": [
        "最多關閉 {n} 處場所。"
      ],
      "At most {n} proposed site.": [
        "最多 {n} 處擬建場所。"
      ],
      "Back to learning sites": "返回學習場所",
      "Back to the start": "回到起點",
      "Beyond the walk": "步行範圍外",
      "Cancel": "取消",
      "Categories": "類別",
      "Category": "類別",
      "Change": "變化",
      "Citizen map": "市民地圖",
      "City total": "全市合計",
      "City totals": "僅全市",
      "Clear all": "清除全部",
      "Click the map to pick a starting point and see the learning sites within walking distance.": "點擊地圖選一個起點，查看步行可達的學習場所。",
      "Click the map to propose a site; click a site to close or reopen it; click a proposed site to remove it.": "點擊地圖新增擬建場所；點擊場所關閉或恢復；點擊擬建場所將其移除。",
      "Closed (scenario)": "已關閉（方案）",
      "Closed {name}": "關閉 {name}",
      "College": "學院",
      "Community school / learning point": "社區學校/學習點",
      "Computing…": "正在計算…",
      "Contact (optional)": "聯絡方式（選填）",
      "Course type": "課程類別",
      "Courses": "課程",
      "Cultural centre": "文化中心",
      "Culture": "文化",
      "Curated route": "推薦路線",
      'Curated route "{title}": {stops} stops, {km} km, about {adult} min (older people about {elderly} min).': "推薦路線「{title}」：{stops} 站，{km} 公里，約 {adult} 分鐘（長者約 {elderly} 分鐘）。",
      "Day": "日期",
      "Details": "詳情",
      "Downloads": "下載",
      "Elderly": "長者",
      "Elderly (3.3 km/h)": "長者（3.3 km/h）",
      "Elderly education": "長者教育",
      "Elderly residents": "長者居民",
      "Enrolling": "報名中",
      "Enrolling now only": "只看報名中",
      "Error: {message}": "出錯了：{message}",
      "Evening": "晚上",
      "Failures only": "僅未達標",
      "Finding the city…": "正在尋找城市…",
      "For": "對象",
      "Fri": "週五",
      "Gap areas": "覆蓋盲區",
      "Gaps": "盲區",
      "History": "歷史",
      "How many": "數量",
      "Humanities walk": "人文行走",
      "Humanities walk: {stops} stops, {km} km, about {adult} min (older people about {elderly} min), back to the start.": "人文行走：{stops} 個站點，全程 {km} 公里，約 {adult} 分鐘（長者約 {elderly} 分鐘），回到起點。",
      "Language": "語言",
      "Learning-circle planner": "學習圈規劃工具",
      "Length": "時長",
      "Library": "圖書館",
      "Limit": "限值",
      "Locate me": "定位我的位置",
      "Locating…": "正在定位…",
      "Location unavailable: click the map instead": "無法取得位置，請點擊地圖",
      "Map data": "地圖資料",
      "Map figure": "地圖指標",
      'Map: arrow keys move it, plus and minus zoom; "Search from map centre" uses the cross': "地圖：方向鍵移動，加減號縮放；按「查詢地圖中心」從十字處查詢",
      "Mon": "週一",
      "Morning": "上午",
      "Moved to {lon}, {lat}; save to keep it": "已移到 {lon}, {lat}；儲存後生效",
      "No changes (as is)": "尚無變更（現狀）",
      "No gap areas.": "沒有覆蓋盲區。",
      "No humanities sight can be reached and walked back from in this time.": "附近沒有可在此時長內走到的人文景點。",
      "No learning site can be reached on foot from here.": "附近沒有可步行到達的學習場所。",
      'No learning site within a {minutes}-minute walk is open at this time (untick "Open now only" to see them all).': "步行 {minutes} 分鐘內此刻沒有開放的學習場所（取消「只看開放中」可查看全部）。",
      "No learning site within a {minutes}-minute walk offers a matching course.": "步行 {minutes} 分鐘內沒有開設符合條件課程的學習場所。",
      "No learning site within a {minutes}-minute walk.": "步行 {minutes} 分鐘內沒有可到達的學習場所。",
      "No matching place found.": "沒有找到相符的地點。",
      "No new site adds anyone.": "新增場所已無法覆蓋更多居民。",
      "No reporting units: the city total, gaps and recommended sites are shown. Start the server with --units FILE:FIELD for the choropleth and the scorecard.": "未設定報告單元：顯示全市合計、盲區與建議新址。啟動時加 --units 檔案:欄位 可顯示分區圖與標準評估。",
      "No site found": "找不到場所",
      "Normal": "正常",
      "Now": "現在",
      "Offers": "服務內容",
      "Older people": "長者",
      "Open at": "開放時間",
      "Open now only": "只看開放中",
      "Opening hours": "開放時間",
      "Pace": "步速",
      "Phone": "電話",
      "Placed at {lon}, {lat}; save to keep it": "已放在 {lon}, {lat}；儲存後生效",
      "Placed by hand at {lon}, {lat}": "已手動放置於 {lon}, {lat}",
      "Planning a humanities walk…": "正在規劃人文行走路線…",
      "Please describe the mistake.": "請填寫糾錯內容。",
      "Print": "列印",
      "Propose it": "採納為擬建",
      "Proposed site": "擬建場所",
      "Proposed site category": "擬建場所類別",
      "R": "休",
      "Recommended": "建議新址",
      "Recommended site {n}": "建議新址 {n}",
      "Recommended sites": "建議新址",
      "Report a mistake": "糾錯",
      "Report a mistake: {name}": "糾錯：{name}",
      "Required": "要求",
      "Residents": "居民",
      "Rest": "休息點",
      "Rest point (bench, toilet…)": "休息點（長椅、洗手間等）",
      "Results": "結果",
      "Route": "路線",
      "Rule": "規則",
      "Sat": "週六",
      "Scenario": "方案",
      "School": "中小學",
      "Search": "搜尋",
      "Search a place or learning site": "搜尋地點或學習場所",
      "Search from map centre": "查詢地圖中心",
      "Send": "提交",
      "Sending…": "正在提交…",
      "Share of elderly residents": "長者居民覆蓋率",
      "Share of residents": "居民覆蓋率",
      "Show": "顯示",
      "Show fewer results": "收起結果",
      "Show more results": "展開結果",
      "Site category": "場所類別",
      "Sites": "場所",
      "Sites (with scenario)": "場所（含方案）",
      "Standard": "評估標準",
      "Standards scorecard": "標準評估",
      "Step-free": "無台階",
      "Suggestion {n} taken: {lon}, {lat}; save to keep it": "已採用建議 {n}：{lon}, {lat}；儲存後生效",
      "Suggestion {n}: {name}": "建議 {n}：{name}",
      "Sun": "週日",
      "Thank you, sent": "謝謝，已提交",
      'The nearest is "{name}", about {minutes} min on foot.': "最近的是「{name}」，步行約 {minutes} 分鐘。",
      "The row's place (drag to move)": "該行的位置（拖動可移動）",
      "Theme": "主題",
      "This browser cannot locate you": "此瀏覽器無法定位",
      "Thu": "週四",
      "Time": "時刻",
      "Time of day": "時段",
      "Today": "今天",
      "Tomorrow": "明天",
      "Tue": "週二",
      "Turn what-if mode on, then click the map to propose a site or click a site to close it.": "開啟推演模式後，點擊地圖新增擬建場所，點擊現有場所將其關閉。",
      "Undo": "撤銷",
      "Unit": "單元",
      "Unit figures": "分區指標",
      "Units": "分區",
      "University": "大學",
      "Updated ({ms} ms)": "已更新（{ms} 毫秒）",
      "Value": "實際",
      "Verdict": "結論",
      "Walk": "步行時間",
      'Walking route to "{name}": about {minutes} min': "到「{name}」的步行路線：約 {minutes} 分鐘",
      "Ways": "路線",
      "Website": "網站",
      "Wed": "週三",
      "Weekday": "星期",
      "What is wrong?": "哪裡有誤？",
      "What-if mode: off": "推演模式：關",
      "What-if mode: on": "推演模式：開",
      "What-if scenario": "方案推演（假設分析）",
      "Within the walk": "步行範圍內",
      "You are here": "您的位置",
      "Young people": "青少年",
      "Zoom in": "放大",
      "Zoom out": "縮小",
      "adds {n} elderly resident · {share} in all": [
        "新增覆蓋 {n} 名長者居民 · 累計 {share}"
      ],
      "adds {n} resident · {share} in all": [
        "新增覆蓋 {n} 名居民 · 累計 {share}"
      ],
      "at least {n} site": [
        "至少 {n} 處場所"
      ],
      "fail": "未達標",
      "in metres": "按米",
      "min": "分鐘",
      "n/a": "不適用",
      "nearest: {name}, {minutes} min on foot": "最近場所：{name}，步行 {minutes} 分鐘",
      "no residents": "無居民",
      "no such site within reach": "步行範圍內無同類場所",
      "pass": "達標",
      "{adult} min walk (older people {elderly} min)": "步行 {adult} 分鐘（長者 {elderly} 分鐘）",
      "{minutes} min walk · {metres} m": "步行 {minutes} 分鐘 · {metres} 米",
      "{n} categories": "{n} 個類別",
      "{n} elderly resident not covered": [
        "未覆蓋 {n} 名長者居民"
      ],
      "{n} elderly resident · {area} ha": [
        "{n} 名長者居民 · {area} 公頃"
      ],
      "{n} learning sites within a {minutes}-minute walk": "步行 {minutes} 分鐘內可到達 {n} 處學習場所",
      "{n} resident not covered": [
        "未覆蓋 {n} 名居民"
      ],
      "{n} resident · {area} ha": [
        "{n} 名居民 · {area} 公頃"
      ],
      "{n} site: zoom in": [
        "{n} 個場所：放大查看"
      ],
      "{n} smaller gap not listed": [
        "另有 {n} 處較小盲區"
      ],
      "{passed} of {n} check passes": [
        "{n} 項檢查中 {passed} 項達標"
      ],
      "{share} covered": "覆蓋率 {share}",
      "{who} ({minutes} min)": "{who}（{minutes} 分鐘）"
    },
    "en": {
      " (show on the map)": " (show on the map)",
      "15-minute learning circle": "15-minute learning circle",
      "15-minute learning circles · planning assessment": "15-minute learning circles · planning assessment",
      "Added {name} ({lon}, {lat})": "Added {name} ({lon}, {lat})",
      "Address": "Address",
      "Adult (4.8 km/h)": "Adult (4.8 km/h)",
      "Afternoon": "Afternoon",
      "All": "All",
      "All categories": "All categories",
      "All cities": "All cities",
      "All learning sites": "All learning sites",
      "All ways": "All ways",
      "Analysis": "Analysis",
      "Any": "Any",
      "At most {n} closed site.": [
        "At most {n} closed site.",
        "At most {n} closed sites."
      ],
      "At most {n} proposed site.": [
        "At most {n} proposed site.",
        "At most {n} proposed sites."
      ],
      "Back to learning sites": "Back to learning sites",
      "Back to the start": "Back to the start",
      "Beyond the walk": "Beyond the walk",
      "Cancel": "Cancel",
      "Categories": "Categories",
      "Category": "Category",
      "Change": "Change",
      "Citizen map": "Citizen map",
      "City total": "City total",
      "City totals": "City totals",
      "Clear all": "Clear all",
      "Click the map to pick a starting point and see the learning sites within walking distance.": "Click the map to pick a starting point and see the learning sites within walking distance.",
      "Click the map to propose a site; click a site to close or reopen it; click a proposed site to remove it.": "Click the map to propose a site; click a site to close or reopen it; click a proposed site to remove it.",
      "Closed (scenario)": "Closed (scenario)",
      "Closed {name}": "Closed {name}",
      "College": "College",
      "Community school / learning point": "Community school / learning point",
      "Computing…": "Computing…",
      "Contact (optional)": "Contact (optional)",
      "Course type": "Course type",
      "Courses": "Courses",
      "Cultural centre": "Cultural centre",
      "Culture": "Culture",
      "Curated route": "Curated route",
      'Curated route "{title}": {stops} stops, {km} km, about {adult} min (older people about {elderly} min).': 'Curated route "{title}": {stops} stops, {km} km, about {adult} min (older people about {elderly} min).',
      "Day": "Day",
      "Details": "Details",
      "Downloads": "Downloads",
      "Elderly": "Elderly",
      "Elderly (3.3 km/h)": "Elderly (3.3 km/h)",
      "Elderly education": "Elderly education",
      "Elderly residents": "Elderly residents",
      "Enrolling": "Enrolling",
      "Enrolling now only": "Enrolling now only",
      "Error: {message}": "Error: {message}",
      "Evening": "Evening",
      "Failures only": "Failures only",
      "Finding the city…": "Finding the city…",
      "For": "For",
      "Fri": "Fri",
      "Gap areas": "Gap areas",
      "Gaps": "Gaps",
      "History": "History",
      "How many": "How many",
      "Humanities walk": "Humanities walk",
      "Humanities walk: {stops} stops, {km} km, about {adult} min (older people about {elderly} min), back to the start.": "Humanities walk: {stops} stops, {km} km, about {adult} min (older people about {elderly} min), back to the start.",
      "Language": "Language",
      "Learning-circle planner": "Learning-circle planner",
      "Length": "Length",
      "Library": "Library",
      "Limit": "Limit",
      "Locate me": "Locate me",
      "Locating…": "Locating…",
      "Location unavailable: click the map instead": "Location unavailable: click the map instead",
      "Map data": "Map data",
      "Map figure": "Map figure",
      'Map: arrow keys move it, plus and minus zoom; "Search from map centre" uses the cross': 'Map: arrow keys move it, plus and minus zoom; "Search from map centre" uses the cross',
      "Mon": "Mon",
      "Morning": "Morning",
      "Moved to {lon}, {lat}; save to keep it": "Moved to {lon}, {lat}; save to keep it",
      "No changes (as is)": "No changes (as is)",
      "No gap areas.": "No gap areas.",
      "No humanities sight can be reached and walked back from in this time.": "No humanities sight can be reached and walked back from in this time.",
      "No learning site can be reached on foot from here.": "No learning site can be reached on foot from here.",
      'No learning site within a {minutes}-minute walk is open at this time (untick "Open now only" to see them all).': 'No learning site within a {minutes}-minute walk is open at this time (untick "Open now only" to see them all).',
      "No learning site within a {minutes}-minute walk offers a matching course.": "No learning site within a {minutes}-minute walk offers a matching course.",
      "No learning site within a {minutes}-minute walk.": "No learning site within a {minutes}-minute walk.",
      "No matching place found.": "No matching place found.",
      "No new site adds anyone.": "No new site adds anyone.",
      "No reporting units: the city total, gaps and recommended sites are shown. Start the server with --units FILE:FIELD for the choropleth and the scorecard.": "No reporting units: the city total, gaps and recommended sites are shown. Start the server with --units FILE:FIELD for the choropleth and the scorecard.",
      "No site found": "No site found",
      "Normal": "Normal",
      "Now": "Now",
      "Offers": "Offers",
      "Older people": "Older people",
      "Open at": "Open at",
      "Open now only": "Open now only",
      "Opening hours": "Opening hours",
      "Pace": "Pace",
      "Phone": "Phone",
      "Placed at {lon}, {lat}; save to keep it": "Placed at {lon}, {lat}; save to keep it",
      "Placed by hand at {lon}, {lat}": "Placed by hand at {lon}, {lat}",
      "Planning a humanities walk…": "Planning a humanities walk…",
      "Please describe the mistake.": "Please describe the mistake.",
      "Print": "Print",
      "Propose it": "Propose it",
      "Proposed site": "Proposed site",
      "Proposed site category": "Proposed site category",
      "R": "R",
      "Recommended": "Recommended",
      "Recommended site {n}": "Recommended site {n}",
      "Recommended sites": "Recommended sites",
      "Report a mistake": "Report a mistake",
      "Report a mistake: {name}": "Report a mistake: {name}",
      "Required": "Required",
      "Residents": "Residents",
      "Rest": "Rest",
      "Rest point (bench, toilet…)": "Rest point (bench, toilet…)",
      "Results": "Results",
      "Route": "Route",
      "Rule": "Rule",
      "Sat": "Sat",
      "Scenario": "Scenario",
      "School": "School",
      "Search": "Search",
      "Search a place or learning site": "Search a place or learning site",
      "Search from map centre": "Search from map centre",
      "Send": "Send",
      "Sending…": "Sending…",
      "Share of elderly residents": "Share of elderly residents",
      "Share of residents": "Share of residents",
      "Show": "Show",
      "Show fewer results": "Show fewer results",
      "Show more results": "Show more results",
      "Site category": "Site category",
      "Sites": "Sites",
      "Sites (with scenario)": "Sites (with scenario)",
      "Standard": "Standard",
      "Standards scorecard": "Standards scorecard",
      "Step-free": "Step-free",
      "Suggestion {n} taken: {lon}, {lat}; save to keep it": "Suggestion {n} taken: {lon}, {lat}; save to keep it",
      "Suggestion {n}: {name}": "Suggestion {n}: {name}",
      "Sun": "Sun",
      "Thank you, sent": "Thank you, sent",
      'The nearest is "{name}", about {minutes} min on foot.': 'The nearest is "{name}", about {minutes} min on foot.',
      "The row's place (drag to move)": "The row's place (drag to move)",
      "Theme": "Theme",
      "This browser cannot locate you": "This browser cannot locate you",
      "Thu": "Thu",
      "Time": "Time",
      "Time of day": "Time of day",
      "Today": "Today",
      "Tomorrow": "Tomorrow",
      "Tue": "Tue",
      "Turn what-if mode on, then click the map to propose a site or click a site to close it.": "Turn what-if mode on, then click the map to propose a site or click a site to close it.",
      "Undo": "Undo",
      "Unit": "Unit",
      "Unit figures": "Unit figures",
      "Units": "Units",
      "University": "University",
      "Updated ({ms} ms)": "Updated ({ms} ms)",
      "Value": "Value",
      "Verdict": "Verdict",
      "Walk": "Walk",
      'Walking route to "{name}": about {minutes} min': 'Walking route to "{name}": about {minutes} min',
      "Ways": "Ways",
      "Website": "Website",
      "Wed": "Wed",
      "Weekday": "Weekday",
      "What is wrong?": "What is wrong?",
      "What-if mode: off": "What-if mode: off",
      "What-if mode: on": "What-if mode: on",
      "What-if scenario": "What-if scenario",
      "Within the walk": "Within the walk",
      "You are here": "You are here",
      "Young people": "Young people",
      "Zoom in": "Zoom in",
      "Zoom out": "Zoom out",
      "adds {n} elderly resident · {share} in all": [
        "adds {n} elderly resident · {share} in all",
        "adds {n} elderly residents · {share} in all"
      ],
      "adds {n} resident · {share} in all": [
        "adds {n} resident · {share} in all",
        "adds {n} residents · {share} in all"
      ],
      "at least {n} site": [
        "at least {n} site",
        "at least {n} sites"
      ],
      "fail": "fail",
      "in metres": "in metres",
      "min": "min",
      "n/a": "n/a",
      "nearest: {name}, {minutes} min on foot": "nearest: {name}, {minutes} min on foot",
      "no residents": "no residents",
      "no such site within reach": "no such site within reach",
      "pass": "pass",
      "{adult} min walk (older people {elderly} min)": "{adult} min walk (older people {elderly} min)",
      "{minutes} min walk · {metres} m": "{minutes} min walk · {metres} m",
      "{n} categories": "{n} categories",
      "{n} elderly resident not covered": [
        "{n} elderly resident not covered",
        "{n} elderly residents not covered"
      ],
      "{n} elderly resident · {area} ha": [
        "{n} elderly resident · {area} ha",
        "{n} elderly residents · {area} ha"
      ],
      "{n} learning sites within a {minutes}-minute walk": "{n} learning sites within a {minutes}-minute walk",
      "{n} resident not covered": [
        "{n} resident not covered",
        "{n} residents not covered"
      ],
      "{n} resident · {area} ha": [
        "{n} resident · {area} ha",
        "{n} residents · {area} ha"
      ],
      "{n} site: zoom in": [
        "{n} site: zoom in",
        "{n} sites: zoom in"
      ],
      "{n} smaller gap not listed": [
        "{n} smaller gap not listed",
        "{n} smaller gaps not listed"
      ],
      "{passed} of {n} check passes": [
        "{passed} of {n} check passes",
        "{passed} of {n} checks pass"
      ],
      "{share} covered": "{share} covered",
      "{who} ({minutes} min)": "{who} ({minutes} min)"
    },
    "pt": {
      " (show on the map)": " (mostrar no mapa)",
      "15-minute learning circle": "Círculo de aprendizagem de 15 minutos",
      "15-minute learning circles · planning assessment": "Círculos de aprendizagem de 15 minutos · avaliação de planeamento",
      "Added {name} ({lon}, {lat})": "Acrescentado: {name} ({lon}, {lat})",
      "Address": "Endereço",
      "Adult (4.8 km/h)": "Adulto (4,8 km/h)",
      "Afternoon": "Tarde",
      "All": "Todos",
      "All categories": "Todas as categorias",
      "All cities": "Todas as cidades",
      "All learning sites": "Todos os locais de aprendizagem",
      "All ways": "Todos os caminhos",
      "Analysis": "Análise",
      "Any": "Qualquer",
      "At most {n} closed site.": [
        "No máximo {n} local fechado.",
        "No máximo {n} locais fechados.",
        "No máximo {n} locais fechados."
      ],
      "At most {n} proposed site.": [
        "No máximo {n} local proposto.",
        "No máximo {n} locais propostos.",
        "No máximo {n} locais propostos."
      ],
      "Back to learning sites": "Voltar aos locais de aprendizagem",
      "Back to the start": "Regresso ao ponto de partida",
      "Beyond the walk": "Fora do alcance a pé",
      "Cancel": "Cancelar",
      "Categories": "Categorias",
      "Category": "Categoria",
      "Change": "Variação",
      "Citizen map": "Mapa do cidadão",
      "City total": "Total da cidade",
      "City totals": "Totais da cidade",
      "Clear all": "Limpar tudo",
      "Click the map to pick a starting point and see the learning sites within walking distance.": "Toque no mapa para escolher um ponto de partida e ver os locais de aprendizagem a que se chega a pé.",
      "Click the map to propose a site; click a site to close or reopen it; click a proposed site to remove it.": "Clique no mapa para propor um local; clique num local para o fechar ou reabrir; clique num local proposto para o retirar.",
      "Closed (scenario)": "Fechado (cenário)",
      "Closed {name}": "Fechado: {name}",
      "College": "Instituto",
      "Community school / learning point": "Escola comunitária / ponto de aprendizagem",
      "Computing…": "A calcular…",
      "Contact (optional)": "Contacto (opcional)",
      "Course type": "Tipo de curso",
      "Courses": "Cursos",
      "Cultural centre": "Centro cultural",
      "Culture": "Cultura",
      "Curated route": "Percurso recomendado",
      'Curated route "{title}": {stops} stops, {km} km, about {adult} min (older people about {elderly} min).': "Percurso recomendado «{title}»: {km} km, cerca de {adult} min (idosos cerca de {elderly} min); paragens: {stops}.",
      "Day": "Dia",
      "Details": "Detalhes",
      "Downloads": "Transferências",
      "Elderly": "Idosos",
      "Elderly (3.3 km/h)": "Idoso (3,3 km/h)",
      "Elderly education": "Educação para idosos",
      "Elderly residents": "Residentes idosos",
      "Enrolling": "Inscrições abertas",
      "Enrolling now only": "Só com inscrições abertas",
      "Error: {message}": "Erro: {message}",
      "Evening": "Noite",
      "Failures only": "Só os que falham",
      "Finding the city…": "A procurar a cidade…",
      "For": "Destinatários",
      "Fri": "Sex",
      "Gap areas": "Zonas sem cobertura",
      "Gaps": "Lacunas",
      "History": "História",
      "How many": "Quantos",
      "Humanities walk": "Passeio cultural",
      "Humanities walk: {stops} stops, {km} km, about {adult} min (older people about {elderly} min), back to the start.": "Passeio cultural: {km} km, cerca de {adult} min (idosos cerca de {elderly} min), com regresso ao ponto de partida; paragens: {stops}.",
      "Language": "Idioma",
      "Learning-circle planner": "Planeador de círculos de aprendizagem",
      "Length": "Duração",
      "Library": "Biblioteca",
      "Limit": "Limite",
      "Locate me": "Localizar-me",
      "Locating…": "A localizar…",
      "Location unavailable: click the map instead": "Localização indisponível: toque no mapa",
      "Map data": "Dados do mapa",
      "Map figure": "Indicador no mapa",
      'Map: arrow keys move it, plus and minus zoom; "Search from map centre" uses the cross': "Mapa: as setas movem-no, mais e menos ampliam; «Pesquisar a partir do centro do mapa» usa a cruz",
      "Mon": "Seg",
      "Morning": "Manhã",
      "Moved to {lon}, {lat}; save to keep it": "Movido para {lon}, {lat}; guarde para o manter",
      "No changes (as is)": "Sem alterações (situação atual)",
      "No gap areas.": "Não há zonas sem cobertura.",
      "No humanities sight can be reached and walked back from in this time.": "Não há nenhum ponto cultural aonde se possa ir e voltar a pé neste tempo.",
      "No learning site can be reached on foot from here.": "Daqui não se chega a pé a nenhum local de aprendizagem.",
      'No learning site within a {minutes}-minute walk is open at this time (untick "Open now only" to see them all).': "Nenhum local de aprendizagem a {minutes} minutos a pé está aberto a esta hora (desmarque «Só abertos agora» para ver todos).",
      "No learning site within a {minutes}-minute walk offers a matching course.": "Nenhum local de aprendizagem a {minutes} minutos a pé oferece um curso correspondente.",
      "No learning site within a {minutes}-minute walk.": "Nenhum local de aprendizagem a {minutes} minutos a pé.",
      "No matching place found.": "Nenhum lugar encontrado.",
      "No new site adds anyone.": "Nenhum local novo acrescenta residentes.",
      "No reporting units: the city total, gaps and recommended sites are shown. Start the server with --units FILE:FIELD for the choropleth and the scorecard.": "Sem unidades de relatório: mostram-se o total da cidade, as lacunas e os locais recomendados. Inicie o servidor com --units FICHEIRO:CAMPO para o mapa por unidades e a avaliação.",
      "No site found": "Nenhum local encontrado",
      "Normal": "Normal",
      "Now": "Agora",
      "Offers": "Oferta",
      "Older people": "Idosos",
      "Open at": "Aberto em",
      "Open now only": "Só abertos agora",
      "Opening hours": "Horário",
      "Pace": "Ritmo",
      "Phone": "Telefone",
      "Placed at {lon}, {lat}; save to keep it": "Colocado em {lon}, {lat}; guarde para o manter",
      "Placed by hand at {lon}, {lat}": "Colocado à mão em {lon}, {lat}",
      "Planning a humanities walk…": "A planear um passeio cultural…",
      "Please describe the mistake.": "Descreva o erro, por favor.",
      "Print": "Imprimir",
      "Propose it": "Propor",
      "Proposed site": "Local proposto",
      "Proposed site category": "Categoria do local proposto",
      "R": "D",
      "Recommended": "Recomendados",
      "Recommended site {n}": "Local recomendado {n}",
      "Recommended sites": "Locais recomendados",
      "Report a mistake": "Comunicar um erro",
      "Report a mistake: {name}": "Comunicar um erro: {name}",
      "Required": "Exigido",
      "Residents": "Residentes",
      "Rest": "Descanso",
      "Rest point (bench, toilet…)": "Ponto de descanso (banco, casa de banho…)",
      "Results": "Resultados",
      "Route": "Percurso",
      "Rule": "Regra",
      "Sat": "Sáb",
      "Scenario": "Cenário",
      "School": "Escola",
      "Search": "Pesquisar",
      "Search a place or learning site": "Pesquisar um lugar ou local de aprendizagem",
      "Search from map centre": "Pesquisar a partir do centro do mapa",
      "Send": "Enviar",
      "Sending…": "A enviar…",
      "Share of elderly residents": "Percentagem de residentes idosos",
      "Share of residents": "Percentagem de residentes",
      "Show": "Mostrar",
      "Show fewer results": "Mostrar menos resultados",
      "Show more results": "Mostrar mais resultados",
      "Site category": "Categoria de local",
      "Sites": "Locais",
      "Sites (with scenario)": "Locais (com o cenário)",
      "Standard": "Norma",
      "Standards scorecard": "Avaliação pelas normas",
      "Step-free": "Sem degraus",
      "Suggestion {n} taken: {lon}, {lat}; save to keep it": "Sugestão {n} escolhida: {lon}, {lat}; guarde para a manter",
      "Suggestion {n}: {name}": "Sugestão {n}: {name}",
      "Sun": "Dom",
      "Thank you, sent": "Obrigado, enviado",
      'The nearest is "{name}", about {minutes} min on foot.': "O mais próximo é «{name}», a cerca de {minutes} min a pé.",
      "The row's place (drag to move)": "O local da linha (arraste para mover)",
      "Theme": "Tema",
      "This browser cannot locate you": "Este navegador não consegue localizá-lo",
      "Thu": "Qui",
      "Time": "Hora",
      "Time of day": "Período",
      "Today": "Hoje",
      "Tomorrow": "Amanhã",
      "Tue": "Ter",
      "Turn what-if mode on, then click the map to propose a site or click a site to close it.": "Ative o modo de cenário e clique no mapa para propor um local, ou num local para o fechar.",
      "Undo": "Anular",
      "Unit": "Unidade",
      "Unit figures": "Valores por unidade",
      "Units": "Unidades",
      "University": "Universidade",
      "Updated ({ms} ms)": "Atualizado ({ms} ms)",
      "Value": "Valor",
      "Verdict": "Resultado",
      "Walk": "A pé",
      'Walking route to "{name}": about {minutes} min': "Percurso a pé até «{name}»: cerca de {minutes} min",
      "Ways": "Caminhos",
      "Website": "Página electrónica",
      "Wed": "Qua",
      "Weekday": "Dia da semana",
      "What is wrong?": "O que está errado?",
      "What-if mode: off": "Modo de cenário: desligado",
      "What-if mode: on": "Modo de cenário: ligado",
      "What-if scenario": "Cenário hipotético",
      "Within the walk": "Ao alcance a pé",
      "You are here": "Está aqui",
      "Young people": "Jovens",
      "Zoom in": "Ampliar",
      "Zoom out": "Reduzir",
      "adds {n} elderly resident · {share} in all": [
        "mais {n} residente idoso · {share} no total",
        "mais {n} residentes idosos · {share} no total",
        "mais {n} residentes idosos · {share} no total"
      ],
      "adds {n} resident · {share} in all": [
        "mais {n} residente · {share} no total",
        "mais {n} residentes · {share} no total",
        "mais {n} residentes · {share} no total"
      ],
      "at least {n} site": [
        "pelo menos {n} local",
        "pelo menos {n} locais",
        "pelo menos {n} locais"
      ],
      "fail": "falha",
      "in metres": "em metros",
      "min": "min",
      "n/a": "n/d",
      "nearest: {name}, {minutes} min on foot": "mais próximo: {name}, {minutes} min a pé",
      "no residents": "sem residentes",
      "no such site within reach": "nenhum local deste tipo ao alcance",
      "pass": "cumpre",
      "{adult} min walk (older people {elderly} min)": "{adult} min a pé (idosos {elderly} min)",
      "{minutes} min walk · {metres} m": "{minutes} min a pé · {metres} m",
      "{n} categories": "Categorias: {n}",
      "{n} elderly resident not covered": [
        "{n} residente idoso sem cobertura",
        "{n} residentes idosos sem cobertura",
        "{n} residentes idosos sem cobertura"
      ],
      "{n} elderly resident · {area} ha": [
        "{n} residente idoso · {area} ha",
        "{n} residentes idosos · {area} ha",
        "{n} residentes idosos · {area} ha"
      ],
      "{n} learning sites within a {minutes}-minute walk": "Locais de aprendizagem a {minutes} minutos a pé: {n}",
      "{n} resident not covered": [
        "{n} residente sem cobertura",
        "{n} residentes sem cobertura",
        "{n} residentes sem cobertura"
      ],
      "{n} resident · {area} ha": [
        "{n} residente · {area} ha",
        "{n} residentes · {area} ha",
        "{n} residentes · {area} ha"
      ],
      "{n} site: zoom in": [
        "{n} local: aproxime",
        "{n} locais: aproxime",
        "{n} locais: aproxime"
      ],
      "{n} smaller gap not listed": [
        "mais {n} lacuna menor não listada",
        "mais {n} lacunas menores não listadas",
        "mais {n} lacunas menores não listadas"
      ],
      "{passed} of {n} check passes": [
        "{passed} de {n} verificação cumpre",
        "{passed} de {n} verificações cumprem",
        "{passed} de {n} verificações cumprem"
      ],
      "{share} covered": "{share} com cobertura",
      "{who} ({minutes} min)": "{who} ({minutes} min)"
    }
  };

  // learning_map/web/frontend/src/catalogue.js
  function catalogueLocale(lang2) {
    const name = String(lang2 || "").replace("-", "_");
    if (MESSAGES[name]) return name;
    const language = name.split("_")[0];
    return MESSAGES[language] ? language : "en";
  }
  function gettext(msgid, lang2) {
    const table = MESSAGES[catalogueLocale(lang2)] || {};
    return typeof table[msgid] === "string" && table[msgid] ? table[msgid] : msgid;
  }

  // learning_map/web/frontend/src/dom.js
  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text != null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }
  function byId(id) {
    const node = document.getElementById(id);
    if (!node) throw new Error(`#${id} is missing from the page`);
    return node;
  }

  // learning_map/web/frontend/src/national.js
  var cfg = JSON.parse(byId("lm-national").textContent);
  var status = byId("locate-status");
  var lang = document.documentElement.lang;
  var COLORS = { done: "#0b5cad", failed: "#8a8a8a", pending: "#b58a00" };
  var map = L.map("national-map", { zoomControl: true, attributionControl: false, zoomSnap: 0.25 });
  window.learningMap = map;
  L.control.scale({ imperial: false }).addTo(map);
  function drawGraticule(bounds) {
    const span = Math.max(bounds.getEast() - bounds.getWest(), bounds.getNorth() - bounds.getSouth(), 0.5);
    const step = [1, 2, 5, 10, 30].find((s) => span / s <= 8) || 30;
    const line = { color: "#9fb3c8", weight: 1, opacity: 0.8, interactive: false };
    for (let lon = -180; lon <= 180; lon += step) L.polyline([[-85, lon], [85, lon]], line).addTo(map);
    for (let lat = -80; lat <= 80; lat += step) L.polyline([[lat, -180], [lat, 180]], line).addTo(map);
  }
  function drawCity(city) {
    const [west, south, east, north] = city.bbox;
    const color = COLORS[city.status] || COLORS.pending;
    const open = () => {
      if (city.url) window.location.assign(city.url);
    };
    const rect = L.rectangle([[south, west], [north, east]], {
      color,
      weight: 2,
      fillOpacity: city.url ? 0.18 : 0.06,
      dashArray: city.url ? null : "6 4"
    }).addTo(map);
    const dot = L.circleMarker([(south + north) / 2, (west + east) / 2], {
      radius: city.url ? 8 : 5,
      color: "#fff",
      weight: 2,
      fillColor: color,
      fillOpacity: 1
    }).addTo(map);
    dot.bindTooltip(el("span", city.name), {
      permanent: true,
      direction: city.url ? "right" : "left",
      className: city.url ? "city-label" : "city-label city-label-off"
    });
    for (const layer of [rect, dot]) layer.on("click", (e) => {
      L.DomEvent.stop(e);
      open();
    });
    dot.on("mouseover", () => {
      dot.getTooltip().getElement().style.visibility = "";
    });
    return dot;
  }
  var boxes = cfg.cities.filter((c) => Array.isArray(c.bbox));
  if (boxes.length) {
    const all = L.latLngBounds(boxes.map((c) => [[c.bbox[1], c.bbox[0]], [c.bbox[3], c.bbox[2]]]).flat());
    map.fitBounds(all, { paddingTopLeft: [110, 30], paddingBottomRight: [150, 30] });
    drawGraticule(all);
  } else {
    map.setView([35, 105], 4);
  }
  var drawn = [...boxes.filter((c) => !c.url), ...boxes.filter((c) => c.url)].map(drawCity);
  function declutterLabels() {
    const shown = [];
    for (const dot of [...drawn].reverse()) {
      const label = dot.getTooltip().getElement();
      if (!label) continue;
      label.style.visibility = "";
      const box = label.getBoundingClientRect();
      const covers = shown.some((o) => box.left < o.right && box.right > o.left && box.top < o.bottom && box.bottom > o.top);
      if (covers) label.style.visibility = "hidden";
      else shown.push(box);
    }
  }
  map.on("zoomend moveend", declutterLabels);
  declutterLabels();
  async function openCityAt(lon, lat) {
    status.textContent = gettext("Finding the city…", lang);
    const query = new URLSearchParams({ lon: lon.toFixed(6), lat: lat.toFixed(6), lang });
    try {
      const response = await fetch(`${cfg.locateUrl}?${query}`, { headers: { Accept: "application/json" } });
      const body = await response.json();
      if (!response.ok) {
        status.textContent = body && body.error ? body.error.message : `HTTP ${response.status}`;
        return;
      }
      status.textContent = `${body.name} …`;
      window.location.assign(body.url);
    } catch (err) {
      status.textContent = gettext("Error: {message}", lang).replace("{message}", err.message);
    }
  }
  map.on("click", (e) => openCityAt(e.latlng.lng, e.latlng.lat));
  byId("locate-me").addEventListener("click", () => {
    if (!navigator.geolocation) {
      status.textContent = gettext("This browser cannot locate you", lang);
      return;
    }
    status.textContent = gettext("Locating…", lang);
    navigator.geolocation.getCurrentPosition(
      (pos) => openCityAt(pos.coords.longitude, pos.coords.latitude),
      () => {
        status.textContent = gettext("Location unavailable: click the map instead", lang);
      },
      { enableHighAccuracy: false, timeout: 1e4 }
    );
  });
})();
