<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="zh_CN">
<context>
    <name>desk</name>
    <message>
        <location filename="../../desktop/app/board.py" line="108"/>
        <source>中心数据库不可用，重连中：{0}</source>
        <translation>Central database unavailable, reconnecting: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/consent.py" line="46"/>
        <source>请先征得来电人同意{0}（{1}）；来电人同意后，{2} 秒内再按一次</source>
        <translation>Ask the caller's consent first: {0} ({1}); once they agree, press again within {2} s</translation>
    </message>
    <message>
        <location filename="../../desktop/app/demo_script.py" line="103"/>
        <location filename="../../desktop/ui/ticketpane.py" line="100"/>
        <location filename="../../desktop/ui/ticketpane.py" line="262"/>
        <source>时限预览：</source>
        <translation>Deadlines: </translation>
    </message>
    <message>
        <location filename="../../desktop/app/demo_script.py" line="106"/>
        <location filename="../../desktop/app/tickets.py" line="201"/>
        <location filename="../../desktop/app/tickets.py" line="206"/>
        <source>已派发</source>
        <translation>Dispatched</translation>
    </message>
    <message>
        <location filename="../../desktop/app/experts.py" line="61"/>
        <source>专家坐席读取失败：{0}</source>
        <translation>Could not read the specialist seats: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/experts.py" line="70"/>
        <source>没有进行中的通话，无法邀请专家坐席</source>
        <translation>No call in progress: cannot invite a specialist seat</translation>
    </message>
    <message>
        <location filename="../../desktop/app/experts.py" line="78"/>
        <source>工单信息无法随呼叫发送：{0}</source>
        <translation>The ticket could not be sent with the call: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/experts.py" line="80"/>
        <source>工单尚未保存：专家将看不到工单（请先 Ctrl+S 保存）</source>
        <translation>The ticket is not saved yet: the specialist will not see it (save it first with Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../desktop/app/experts.py" line="81"/>
        <source>邀请专家坐席 {0}</source>
        <translation>to bring in the specialist seat {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/experts.py" line="85"/>
        <source>正在呼叫专家坐席 {0}（{1}）…</source>
        <translation>Calling specialist seat {0} ({1})…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/experts.py" line="90"/>
        <source>专家坐席 {0} 已加入三方会商；可留在通话中，或按“退出三方”（Ctrl+Shift+0）离开</source>
        <translation>Specialist seat {0} joined the three-way consultation; stay on the call or press "Leave three-way" (Ctrl+Shift+0) to leave</translation>
    </message>
    <message>
        <location filename="../../desktop/app/experts.py" line="94"/>
        <source>已退出三方会商，来电人与专家坐席 {0} 继续通话</source>
        <translation>You left the three-way consultation; the caller stays on the line with specialist seat {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/experts.py" line="109"/>
        <source>收到专家意见：{0}</source>
        <translation>Specialist opinion received: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/knowledge.py" line="33"/>
        <source>12345热线</source>
        <translation>12345 Hotline</translation>
    </message>
    <message>
        <location filename="../../desktop/app/knowledge.py" line="55"/>
        <source>根据诉求内容推荐（{0} ms）</source>
        <translation>Suggested from the request ({0} ms)</translation>
    </message>
    <message>
        <location filename="../../desktop/app/knowledge.py" line="62"/>
        <source>搜索：{0}</source>
        <translation>Search: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/lists.py" line="120"/>
        <source>已打开：{0}（{1}）</source>
        <translation>Opened: {0} ({1})</translation>
    </message>
    <message>
        <location filename="../../desktop/app/lists.py" line="124"/>
        <source>打开工单失败：{0}</source>
        <translation>Could not open the ticket: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/login.py" line="31"/>
        <source>坐席工作台暂无「{0}」角色的视图，请使用 hotline 命令行 (the desk has no view for the role {1} yet)</source>
        <translation>The desk has no view for the role "{0}" ({1}) yet: please use the hotline command line</translation>
    </message>
    <message>
        <location filename="../../desktop/app/login.py" line="34"/>
        <source>该账号没有分机号，无法签入话务 (the account has no extension)</source>
        <translation>This account has no extension, so it cannot sign in to take calls</translation>
    </message>
    <message>
        <location filename="../../desktop/app/phone.py" line="39"/>
        <location filename="../../desktop/ui/board_models.py" line="17"/>
        <location filename="../../desktop/ui/phonebar.py" line="85"/>
        <source>签出</source>
        <comment>坐席状态</comment>
        <translation>Signed out</translation>
    </message>
    <message>
        <location filename="../../desktop/app/phone.py" line="39"/>
        <location filename="../../desktop/ui/board_models.py" line="17"/>
        <source>示闲</source>
        <comment>坐席状态</comment>
        <translation>Ready</translation>
    </message>
    <message>
        <location filename="../../desktop/app/phone.py" line="40"/>
        <location filename="../../desktop/ui/board_models.py" line="18"/>
        <source>示忙</source>
        <comment>坐席状态</comment>
        <translation>Not ready</translation>
    </message>
    <message>
        <location filename="../../desktop/app/phone.py" line="40"/>
        <location filename="../../desktop/ui/board_models.py" line="18"/>
        <source>振铃</source>
        <comment>坐席状态</comment>
        <translation>Ringing</translation>
    </message>
    <message>
        <location filename="../../desktop/app/phone.py" line="41"/>
        <location filename="../../desktop/ui/board_models.py" line="19"/>
        <source>通话中</source>
        <comment>坐席状态</comment>
        <translation>On a call</translation>
    </message>
    <message>
        <location filename="../../desktop/app/phone.py" line="41"/>
        <location filename="../../desktop/ui/board_models.py" line="19"/>
        <location filename="../../desktop/ui/phonebar.py" line="311"/>
        <source>话后处理</source>
        <comment>坐席状态</comment>
        <translation>Wrap-up</translation>
    </message>
    <message>
        <location filename="../../desktop/app/phone.py" line="137"/>
        <source>未知状态 (unknown state) {0}</source>
        <translation>Unknown state {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/phone.py" line="146"/>
        <source>无效的班长操作 (bad team-lead request) {0}</source>
        <translation>Bad team-lead request {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/phone.py" line="158"/>
        <location filename="../../desktop/app/phone.py" line="196"/>
        <location filename="../../desktop/app/phone_monitor.py" line="36"/>
        <source>话机未启动 (the phone is not running)</source>
        <translation>The phone is not running</translation>
    </message>
    <message>
        <location filename="../../desktop/app/phone.py" line="192"/>
        <source>未知操作 (unknown command) {0}</source>
        <translation>Unknown command {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/phone.py" line="253"/>
        <source>注册失败：{0} {1}（检查中心地址和密码；工单和知识库可离线使用）</source>
        <translation>Registration failed: {0} {1} (check the center address and the password; tickets and the knowledge base work offline)</translation>
    </message>
    <message>
        <location filename="../../desktop/app/phone.py" line="275"/>
        <source>监听未接通：{0}</source>
        <translation>Monitoring did not connect: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/phone.py" line="280"/>
        <source>{0} 未接通：{1}</source>
        <translation>{0} did not answer: {1}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/phone.py" line="289"/>
        <source>中心未收到请求 (the center did not get it): {0} {1}</source>
        <translation>The center did not get the request: {0} {1}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/phone_monitor.py" line="30"/>
        <location filename="../../desktop/app/phone_monitor.py" line="61"/>
        <source>未知监听方式 (unknown monitoring mode) {0}</source>
        <translation>Unknown monitoring mode {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/phone_monitor.py" line="33"/>
        <source>已在监听 {0}，请先挂断 (already monitoring)</source>
        <translation>Already monitoring {0}: hang up first</translation>
    </message>
    <message>
        <location filename="../../desktop/app/phone_monitor.py" line="54"/>
        <location filename="../../desktop/app/phone_monitor.py" line="64"/>
        <source>没有进行中的监听 (no monitoring call)</source>
        <translation>No monitoring call in progress</translation>
    </message>
    <message>
        <location filename="../../desktop/app/recordings.py" line="62"/>
        <source>查询失败：{0}</source>
        <translation>Search failed: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/recordings.py" line="78"/>
        <source>当前评分：{0}</source>
        <translation>Current score: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/recordings.py" line="78"/>
        <source>尚未评分</source>
        <translation>Not scored yet</translation>
    </message>
    <message>
        <location filename="../../desktop/app/recordings.py" line="98"/>
        <source>录音无法播放：{0}</source>
        <translation>The recording cannot be played: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/recordings.py" line="116"/>
        <source>已下载录音：{0}（{1} 字节）</source>
        <translation>Recording downloaded: {0} ({1} bytes)</translation>
    </message>
    <message>
        <location filename="../../desktop/app/recordings.py" line="127"/>
        <source>中心数据库暂不可用，标记已暂存本机，恢复后自动提交</source>
        <translation>The center's database is unavailable: the mark is kept on this desk and sent when it is back</translation>
    </message>
    <message>
        <location filename="../../desktop/app/recordings.py" line="130"/>
        <source>标记失败：{0}</source>
        <translation>Could not save the mark: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/recordings.py" line="135"/>
        <source>请先打开一条录音</source>
        <translation>Open a recording first</translation>
    </message>
    <message>
        <location filename="../../desktop/app/recordings.py" line="139"/>
        <source>中心数据库暂不可用，评分已暂存本机（{0}），恢复后自动提交</source>
        <translation>The center's database is unavailable: the score is kept on this desk ({0}) and sent when it is back</translation>
    </message>
    <message>
        <location filename="../../desktop/app/recordings.py" line="141"/>
        <source>已保存评分：{0}</source>
        <translation>Score saved: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/recordings.py" line="145"/>
        <source>评分失败：{0}</source>
        <translation>Scoring failed: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/recordings.py" line="152"/>
        <source>中心数据库已恢复，暂存的 {0} 条评分/标记已提交</source>
        <translation>The center's database is back: {0} kept scores/marks were sent</translation>
    </message>
    <message>
        <location filename="../../desktop/app/recordings.py" line="155"/>
        <source>暂存的评分/标记被中心拒绝，已另存：{0}</source>
        <translation>Kept scores/marks were refused by the center and set aside: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/reminders.py" line="22"/>
        <source>即将到期提醒</source>
        <translation>Due-soon reminder</translation>
    </message>
    <message>
        <location filename="../../desktop/app/reminders.py" line="60"/>
        <location filename="../../desktop/app/tickets.py" line="185"/>
        <location filename="../../desktop/ui/callerpane.py" line="19"/>
        <location filename="../../desktop/ui/specialistpane.py" line="22"/>
        <location filename="../../desktop/ui/ticketlists.py" line="37"/>
        <location filename="../../desktop/ui/ticketpane.py" line="260"/>
        <source>（暂定）</source>
        <translation> (provisional)</translation>
    </message>
    <message>
        <location filename="../../desktop/app/reminders.py" line="61"/>
        <source> 等 {0} 件</source>
        <translation> and {0} more</translation>
    </message>
    <message>
        <location filename="../../desktop/app/reminders.py" line="62"/>
        <source>【即将到期】{0} {1}时限 {2}</source>
        <translation>[Due soon] {0} {1} deadline {2}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/root.py" line="111"/>
        <location filename="../../desktop/app/root.py" line="113"/>
        <source>{0} 失败：{1}</source>
        <translation>{0} failed: {1}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/root.py" line="154"/>
        <source>未设置中心数据库或录音服务地址，无法查询录音</source>
        <translation>No center database or recording service address set: recordings cannot be searched</translation>
    </message>
    <message>
        <location filename="../../desktop/app/root.py" line="201"/>
        <source>话机启动失败：{0}</source>
        <translation>The phone could not start: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/root.py" line="223"/>
        <source>设置已保存，重新登录后生效</source>
        <translation>Settings saved; they take effect at the next sign-in</translation>
    </message>
    <message>
        <location filename="../../desktop/app/root.py" line="227"/>
        <source>与 {0} 三方通话</source>
        <translation>to a three-way call with {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/root.py" line="246"/>
        <source>⚠ 录音告警：{0}</source>
        <translation>⚠ Recording alarm: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/root.py" line="250"/>
        <source>知识库文章 v{0}</source>
        <translation>Knowledge article v{0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/root.py" line="253"/>
        <source>已选择知识库文章 v{0}，可点“直接答复”</source>
        <translation>Knowledge article v{0} chosen: click "Answer directly" to use it</translation>
    </message>
    <message>
        <location filename="../../desktop/app/root.py" line="265"/>
        <source>仅本地（未设置中心数据库）</source>
        <translation>Local only (no center database set)</translation>
    </message>
    <message>
        <location filename="../../desktop/app/settings.py" line="27"/>
        <source>设置项 {0}：{1}</source>
        <translation>Setting {0}: {1}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/settings.py" line="54"/>
        <source>应为 主机:端口，例如 127.0.0.1:5060（got {0}）</source>
        <translation>Should be host:port, e.g. 127.0.0.1:5060 (got {0})</translation>
    </message>
    <message>
        <location filename="../../desktop/app/settings.py" line="57"/>
        <source>坐席号应为三位数字，例如 007（got {0}）</source>
        <translation>The seat number should be three digits, e.g. 007 (got {0})</translation>
    </message>
    <message>
        <location filename="../../desktop/app/settings.py" line="61"/>
        <source>未知规则 {0}（可选：{1}）</source>
        <translation>Unknown rule set {0} (choose from: {1})</translation>
    </message>
    <message>
        <location filename="../../desktop/app/settings.py" line="63"/>
        <source>中心数据库地址中不能含密码，请写入 ~/.pgpass（PGPASSFILE）</source>
        <translation>The central database URL must not hold a password: put it in ~/.pgpass (PGPASSFILE)</translation>
    </message>
    <message>
        <location filename="../../desktop/app/settings.py" line="65"/>
        <source>同步间隔应在 1 到 3600 秒之间</source>
        <translation>The sync interval should be between 1 and 3600 seconds</translation>
    </message>
    <message>
        <location filename="../../desktop/app/settings.py" line="67"/>
        <source>应为 null 或 default</source>
        <translation>Should be null or default</translation>
    </message>
    <message>
        <location filename="../../desktop/app/settings.py" line="69"/>
        <source>录音存储地址应以 http:// 或 https:// 开头（got {0}）</source>
        <translation>The recording store address should start with http:// or https:// (got {0})</translation>
    </message>
    <message>
        <location filename="../../desktop/app/settings.py" line="73"/>
        <source>录音上传密钥应为 32 位十六进制（hotline center upload-key 分机号）</source>
        <translation>The recording upload key should be 32 hex digits (hotline center upload-key EXTENSION)</translation>
    </message>
    <message>
        <location filename="../../desktop/app/settings.py" line="75"/>
        <source>应为 zh_CN 或 en</source>
        <translation>Should be zh_CN or en</translation>
    </message>
    <message>
        <location filename="../../desktop/app/settings.py" line="77"/>
        <source>应为 http://主机:端口（got {0}）</source>
        <translation>Should be http://host:port (got {0})</translation>
    </message>
    <message>
        <location filename="../../desktop/app/settings.py" line="80"/>
        <source>每条线路应为 [号码, 名称]（got {0}）</source>
        <translation>Each line should be [number, name] (got {0})</translation>
    </message>
    <message>
        <location filename="../../desktop/app/settings.py" line="85"/>
        <source>应为 udp 或 tls（got {0}）</source>
        <translation>must be udp or tls (got {0})</translation>
    </message>
    <message>
        <location filename="../../desktop/app/settings.py" line="87"/>
        <source>应为 off、optional 或 mandatory（got {0}）</source>
        <translation>must be off, optional or mandatory (got {0})</translation>
    </message>
    <message>
        <location filename="../../desktop/app/settings.py" line="89"/>
        <source>SRTP 密钥经信令传递，须先设置 sip_transport 为 tls</source>
        <translation>SRTP keys travel in the signalling: set sip_transport to tls first</translation>
    </message>
    <message>
        <location filename="../../desktop/app/settings.py" line="91"/>
        <source>仅在 sip_transport 为 tls 时使用</source>
        <translation>only used when sip_transport is tls</translation>
    </message>
    <message>
        <location filename="../../desktop/app/settings.py" line="93"/>
        <source>CA 证书文件不存在：{0}</source>
        <translation>the CA certificate file does not exist: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/settings.py" line="135"/>
        <source>{0} 无法读取：{1}</source>
        <translation>{0} cannot be read: {1}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/settings.py" line="137"/>
        <source>{0} 应为 JSON 对象</source>
        <translation>{0} should hold a JSON object</translation>
    </message>
    <message>
        <location filename="../../desktop/app/settings.py" line="141"/>
        <source>未知设置项 (unknown setting)</source>
        <translation>Unknown setting</translation>
    </message>
    <message>
        <location filename="../../desktop/app/specialist.py" line="27"/>
        <source>派单时限</source>
        <translation>Dispatch deadline</translation>
    </message>
    <message>
        <location filename="../../desktop/app/specialist.py" line="27"/>
        <source>首次响应时限</source>
        <translation>First-response deadline</translation>
    </message>
    <message>
        <location filename="../../desktop/app/specialist.py" line="28"/>
        <source>办结时限</source>
        <translation>Completion deadline</translation>
    </message>
    <message>
        <location filename="../../desktop/app/specialist.py" line="28"/>
        <source>回访时限</source>
        <translation>Follow-up deadline</translation>
    </message>
    <message>
        <location filename="../../desktop/app/specialist.py" line="51"/>
        <source>未知</source>
        <translation>Unknown</translation>
    </message>
    <message>
        <location filename="../../desktop/app/specialist.py" line="91"/>
        <source>来电 {0}：未携带工单（非会商来电）</source>
        <translation>Call from {0}: no ticket attached (not a consultation call)</translation>
    </message>
    <message>
        <location filename="../../desktop/app/specialist.py" line="125"/>
        <source>工单读取失败：{0}</source>
        <translation>Could not read the ticket: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/specialist.py" line="139"/>
        <source>已提交专家意见：{0}（将随同步送达话务员）</source>
        <translation>Specialist opinion submitted: {0} (it reaches the agent with the next sync)</translation>
    </message>
    <message>
        <location filename="../../desktop/app/specialist.py" line="140"/>
        <source>已提交专家意见：{0}</source>
        <translation>Specialist opinion submitted: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/specialist.py" line="145"/>
        <location filename="../../desktop/app/tickets.py" line="194"/>
        <location filename="../../desktop/ui/phonebar.py" line="252"/>
        <source>（{0}）</source>
        <translation> ({0})</translation>
    </message>
    <message>
        <location filename="../../desktop/app/specialist.py" line="146"/>
        <source>未提交：{0}：{1}</source>
        <translation>Not submitted: {0}: {1}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/tickets.py" line="51"/>
        <source>中心</source>
        <translation>the center</translation>
    </message>
    <message>
        <location filename="../../desktop/app/tickets.py" line="56"/>
        <source>{0}：{1}（{2}{3} 标记{4}）</source>
        <translation>{0}: {1} (flagged by {2}{3}{4})</translation>
    </message>
    <message>
        <location filename="../../desktop/app/tickets.py" line="56"/>
        <source>，{0}</source>
        <translation>, {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/tickets.py" line="155"/>
        <source>草稿保存失败（磁盘？）：{0}</source>
        <translation>Could not save the draft (disk?): {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/tickets.py" line="164"/>
        <source>已恢复上次未保存的工单草稿</source>
        <translation>Restored the unsaved ticket draft from last time</translation>
    </message>
    <message>
        <location filename="../../desktop/app/tickets.py" line="186"/>
        <location filename="../../desktop/ui/ticketpane.py" line="269"/>
        <source>已保存：{0}（{1}）</source>
        <translation>Saved: {0} ({1})</translation>
    </message>
    <message>
        <location filename="../../desktop/app/tickets.py" line="186"/>
        <source>，时限 {0}</source>
        <translation>, due {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/tickets.py" line="196"/>
        <source>该文章已撤回或不在有效期内，请重新选择（{0}）</source>
        <translation>This article was withdrawn or is not in force: please choose another ({0})</translation>
    </message>
    <message>
        <location filename="../../desktop/app/tickets.py" line="198"/>
        <source>未保存：{0}</source>
        <translation>Not saved: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/tickets.py" line="217"/>
        <source>不予受理，已解释引导</source>
        <translation>Not accepted; the caller was told why and where to go</translation>
    </message>
    <message>
        <location filename="../../desktop/app/tickets.py" line="223"/>
        <source>请先在知识库中选择一篇文章</source>
        <translation>Choose an article in the knowledge base first</translation>
    </message>
    <message>
        <location filename="../../desktop/app/tickets.py" line="226"/>
        <source>知识库不可用 (no knowledge service)</source>
        <translation>The knowledge base is not available</translation>
    </message>
    <message>
        <location filename="../../desktop/app/tickets.py" line="230"/>
        <source>已直接答复</source>
        <translation>Answered directly</translation>
    </message>
    <message>
        <location filename="../../desktop/app/tickets.py" line="237"/>
        <source>已催办</source>
        <translation>Chased</translation>
    </message>
    <message>
        <location filename="../../desktop/app/tickets.py" line="246"/>
        <source>{0}：{1}（{2}）</source>
        <translation>{0}: {1} ({2})</translation>
    </message>
    <message>
        <location filename="../../desktop/app/tickets.py" line="247"/>
        <source>{0}：{1}</source>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/tickets.py" line="256"/>
        <source>{0} 三方通话已接通，可按“退出三方”（Ctrl+Shift+0）</source>
        <translation>{0} joined the three-way call; press "Leave three-way" (Ctrl+Shift+0) to leave</translation>
    </message>
    <message>
        <location filename="../../desktop/app/tickets.py" line="261"/>
        <source>已退出与 {0} 的三方通话</source>
        <translation>You left the three-way call with {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/tickets.py" line="277"/>
        <source>已记录三方联动</source>
        <translation>Three-way call recorded on the ticket</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/board.py" line="35"/>
        <source>队列 {0} 排队 {1} 人，超过阈值</source>
        <translation>Queue {0}: {1} callers waiting, over the threshold</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/board.py" line="36"/>
        <source>队列 {0} 最长等待 {1}，超过阈值</source>
        <translation>Queue {0}: longest wait {1}, over the threshold</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/board.py" line="37"/>
        <source>队列 {0} 接通率 {1}，低于目标</source>
        <translation>Queue {0}: answer rate {1}, below target</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/board.py" line="38"/>
        <source>坐席 {0} 示忙已 {1} 分钟</source>
        <translation>Agent {0} not ready for {1} min</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/board.py" line="39"/>
        <source>监听</source>
        <translation>listening</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/board.py" line="39"/>
        <source>耳语</source>
        <translation>whispering</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/board.py" line="39"/>
        <source>强插</source>
        <translation>barging in</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/board.py" line="48"/>
        <source>上一页</source>
        <translation>Previous page</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/board.py" line="48"/>
        <source>下一页</source>
        <translation>Next page</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/board.py" line="66"/>
        <source>12345 班长监控大屏</source>
        <translation>12345 team lead's board</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/board.py" line="79"/>
        <source>等待数据…</source>
        <translation>Waiting for data…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/board.py" line="85"/>
        <location filename="../../desktop/ui/board.py" line="89"/>
        <source>排队来电</source>
        <translation>Callers waiting</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/board.py" line="86"/>
        <location filename="../../desktop/ui/phonebar.py" line="85"/>
        <source>坐席状态</source>
        <translation>Agent state</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/board.py" line="97"/>
        <location filename="../../desktop/ui/board_models.py" line="92"/>
        <location filename="../../desktop/ui/recordingsmodel.py" line="21"/>
        <location filename="../../desktop/ui/recordingspane.py" line="49"/>
        <location filename="../../desktop/ui/recordingspane.py" line="107"/>
        <source>坐席</source>
        <translation>Agent</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/board.py" line="110"/>
        <source>告警记录</source>
        <translation>Alerts</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/board.py" line="111"/>
        <source>班长操作结果</source>
        <translation>Team lead's requests</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/board.py" line="150"/>
        <source>置示忙</source>
        <translation>Set not ready</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/board.py" line="151"/>
        <source>强制签出</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/board.py" line="184"/>
        <source>班长置忙</source>
        <translation>Set busy by team lead</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/board.py" line="217"/>
        <source>第 {0}–{1} 条，共 {2} 条</source>
        <translation>Rows {0}–{1} of {2}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/board.py" line="223"/>
        <source>已执行</source>
        <translation>done</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/board.py" line="223"/>
        <source>被拒绝（{0}）</source>
        <translation>refused ({0})</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/board.py" line="225"/>
        <source>更新于 {0}</source>
        <translation>Updated {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/board_models.py" line="73"/>
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/board_models.py" line="73"/>
        <location filename="../../desktop/ui/recordingsmodel.py" line="21"/>
        <location filename="../../desktop/ui/recordingspane.py" line="51"/>
        <location filename="../../desktop/ui/recordingspane.py" line="108"/>
        <source>队列</source>
        <translation>Queue</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/board_models.py" line="73"/>
        <location filename="../../desktop/ui/callerpane.py" line="36"/>
        <location filename="../../desktop/ui/recordingsmodel.py" line="21"/>
        <location filename="../../desktop/ui/recordingspane.py" line="50"/>
        <location filename="../../desktop/ui/ticketlists.py" line="27"/>
        <source>来电号码</source>
        <translation>Caller number</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/board_models.py" line="73"/>
        <source>等待</source>
        <translation>Wait</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/board_models.py" line="73"/>
        <location filename="../../desktop/ui/board_models.py" line="92"/>
        <location filename="../../desktop/ui/recordingsmodel.py" line="22"/>
        <location filename="../../desktop/ui/ticketlists.py" line="26"/>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/board_models.py" line="76"/>
        <source>振铃 {0}</source>
        <translation>Ringing {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/board_models.py" line="76"/>
        <source>排队中</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/board_models.py" line="92"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/board_models.py" line="92"/>
        <source>状态时长</source>
        <translation>Time in state</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/board_models.py" line="92"/>
        <source>当前通话队列</source>
        <translation>Call queue</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/board_models.py" line="93"/>
        <source>通话时长</source>
        <translation>Call time</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/board_models.py" line="93"/>
        <source>今日接听</source>
        <translation>Calls today</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/board_models.py" line="93"/>
        <source>通话总时长</source>
        <translation>Talk time</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/board_models.py" line="93"/>
        <source>平均处理时长</source>
        <translation>Avg handle time</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/board_models.py" line="94"/>
        <source>质检均分(30天)</source>
        <translation>QA average (30 days)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/board_tiles.py" line="54"/>
        <source>队列 {0}</source>
        <translation>Queue {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/board_tiles.py" line="55"/>
        <source>排队 {0}　振铃 {1}　最长 {2}　通话 {3}</source>
        <translation>Waiting {0}  Ringing {1}  Longest {2}  Talking {3}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/board_tiles.py" line="57"/>
        <source>今日 呼入 {0}　接通 {1}　放弃 {2}　溢出 {3}
服务水平({4}秒) {5}　接通率 {6}（目标 {7}）</source>
        <translation>Today offered {0}  answered {1}  abandoned {2}  overflowed {3}
Service level ({4} s) {5}  Answer rate {6} (target {7})</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/board_tiles.py" line="60"/>
        <source>无坐席</source>
        <translation>No agents</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/board_tiles.py" line="74"/>
        <source>今日话务曲线（每15分钟）</source>
        <translation>Today's calls per 15 minutes</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/board_tiles.py" line="78"/>
        <source>今日话务曲线</source>
        <translation>Today's call curve</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/board_tiles.py" line="92"/>
        <source>接通</source>
        <translation>Answered</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/board_tiles.py" line="93"/>
        <source>呼入</source>
        <translation>Offered</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/board_tiles.py" line="94"/>
        <source>放弃</source>
        <translation>Abandoned</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/board_tiles.py" line="95"/>
        <source>服务水平</source>
        <translation>Service level</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/callerpane.py" line="20"/>
        <source>时限 {0}</source>
        <translation>due {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/callerpane.py" line="20"/>
        <source>已超期 </source>
        <translation>overdue, </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/callerpane.py" line="31"/>
        <source>来电人信息</source>
        <translation>Caller information</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/callerpane.py" line="34"/>
        <location filename="../../desktop/ui/callerpane.py" line="67"/>
        <source>等待来电</source>
        <translation>Waiting for a call</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/callerpane.py" line="48"/>
        <source>催办此工单</source>
        <translation>Chase this ticket</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/callerpane.py" line="50"/>
        <source>催办重复来电的工单</source>
        <translation>Chase the ticket of the repeat call</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/callerpane.py" line="54"/>
        <source>历史工单</source>
        <translation>Ticket history</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/callerpane.py" line="57"/>
        <source>历史工单（未办结在前）</source>
        <translation>Ticket history (open tickets first)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/callerpane.py" line="73"/>
        <source>未知号码</source>
        <translation>Unknown number</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/callerpane.py" line="74"/>
        <source>来自队列：{0}</source>
        <translation>From queue: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/callerpane.py" line="80"/>
        <source>⚠ 重复来电：{0} {1}，请向来电人说明办理进度，可一键催办</source>
        <translation>⚠ Repeat call: {0} {1}. Tell the caller how far it has got; you can chase it with one click</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/callerpane.py" line="84"/>
        <source>历史工单读取失败：{0}</source>
        <translation>Could not read the ticket history: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/callerpane.py" line="92"/>
        <location filename="../../desktop/ui/specialistpane.py" line="102"/>
        <source>无历史工单</source>
        <translation>No earlier tickets</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialpad.py" line="20"/>
        <location filename="../../desktop/ui/phonebar.py" line="116"/>
        <source>拨号盘</source>
        <translation>Dial pad</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialpad.py" line="24"/>
        <source>已发送的按键</source>
        <translation>Keys sent</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialpad.py" line="30"/>
        <source>按键 {0}</source>
        <translation>Key {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dispositions.py" line="28"/>
        <source>处置</source>
        <translation>Disposition</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dispositions.py" line="31"/>
        <source>保存受理</source>
        <translation>Save intake</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dispositions.py" line="31"/>
        <source>保存受理 (Ctrl+S)</source>
        <translation>Save intake (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dispositions.py" line="33"/>
        <source>用知识库答复</source>
        <translation>Answer from the knowledge base</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dispositions.py" line="33"/>
        <source>直接答复</source>
        <translation>Answer directly</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dispositions.py" line="34"/>
        <source>用知识库中选中的文章直接答复（Ctrl+Shift+A）</source>
        <translation>Answer directly with the article chosen in the knowledge base (Ctrl+Shift+A)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dispositions.py" line="36"/>
        <source>不予受理类别</source>
        <translation>Not-accepted class</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dispositions.py" line="37"/>
        <location filename="../../desktop/ui/dispositions.py" line="37"/>
        <source>不予受理</source>
        <translation>Not accepted</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dispositions.py" line="42"/>
        <source>搜索承办单位</source>
        <translation>Search the handling units</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dispositions.py" line="43"/>
        <source>派发：输入单位名称、代码或职责（Ctrl+U）</source>
        <translation>Dispatch: type a unit name, code or remit (Ctrl+U)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dispositions.py" line="44"/>
        <source>派发方式</source>
        <translation>Dispatch mode</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dispositions.py" line="45"/>
        <source>派发到选中的单位</source>
        <translation>Dispatch to the chosen unit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dispositions.py" line="45"/>
        <source>派发</source>
        <translation>Dispatch</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dispositions.py" line="50"/>
        <source>承办单位</source>
        <translation>Handling units</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/expertpicker.py" line="29"/>
        <source>专长：{0} · 值守：{1}</source>
        <translation>Expertise: {0} · On duty: {1}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/expertpicker.py" line="44"/>
        <source>专家坐席选择</source>
        <translation>Specialist seat picker</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/expertpicker.py" line="45"/>
        <source>专家坐席 · 三方会商</source>
        <translation>Specialist seats · Three-way consultation</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/expertpicker.py" line="48"/>
        <source>按单位、专家或专长检索（Enter 会商，Esc 取消）：</source>
        <translation>Search by unit, specialist or expertise (Enter to consult, Esc to cancel):</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/expertpicker.py" line="51"/>
        <source>检索专家坐席</source>
        <translation>Search the specialist seats</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/expertpicker.py" line="52"/>
        <source>例如：人社、社保、物业</source>
        <translation>e.g. human resources, social insurance, property management</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/expertpicker.py" line="57"/>
        <source>专家坐席列表</source>
        <translation>Specialist seats</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/expertpicker.py" line="63"/>
        <source>会商（拉入三方）</source>
        <translation>Consult (bring into a three-way call)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/expertpicker.py" line="65"/>
        <source>将所选专家坐席拉入三方通话</source>
        <translation>Bring the chosen specialist seat into a three-way call</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/expertpicker.py" line="67"/>
        <location filename="../../desktop/ui/expertpicker.py" line="69"/>
        <location filename="../../desktop/ui/login.py" line="48"/>
        <location filename="../../desktop/ui/settingsdialog.py" line="68"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/expertpicker.py" line="98"/>
        <source>没有符合的专家坐席</source>
        <translation>No specialist seat matches</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake.py" line="18"/>
        <source>诉求内容不能为空</source>
        <translation>The request cannot be empty</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake.py" line="21"/>
        <source>电话渠道须填写联系电话</source>
        <translation>A phone ticket needs a contact number</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake.py" line="23"/>
        <source>不是有效的电话号码（例：13700000001 或 0471-1234567）</source>
        <translation>Not a valid phone number (e.g. 13700000001 or 0471-1234567)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledgepane.py" line="34"/>
        <source>知识库</source>
        <translation>Knowledge base</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledgepane.py" line="39"/>
        <source>搜索知识库</source>
        <translation>Search the knowledge base</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledgepane.py" line="40"/>
        <source>搜索知识库（Ctrl+K）</source>
        <translation>Search the knowledge base (Ctrl+K)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledgepane.py" line="46"/>
        <source>知识库结果</source>
        <translation>Knowledge base results</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledgepane.py" line="51"/>
        <source>文章内容</source>
        <translation>Article text</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledgepane.py" line="52"/>
        <source>用此答复（Ctrl+Enter）</source>
        <translation>Use this answer (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledgepane.py" line="54"/>
        <source>用此文章答复</source>
        <translation>Answer with this article</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledgepane.py" line="68"/>
        <source>【标准答案】</source>
        <translation>[Standard answer] </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledgepane.py" line="78"/>
        <source>没有找到相关文章</source>
        <translation>No matching articles</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledgepane.py" line="82"/>
        <source>此版本已不是现行版本</source>
        <translation>This version is no longer in force</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledgepane.py" line="83"/>
        <source>版本 v{0} · {1}</source>
        <translation>Version v{0} · {1}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledgepane.py" line="89"/>
        <source>知识库暂不可用：{0}</source>
        <translation>The knowledge base is unavailable: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/listspane.py" line="30"/>
        <source>我的工单</source>
        <translation>My tickets</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/listspane.py" line="31"/>
        <source>本席今日</source>
        <translation>Seat today</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/listspane.py" line="32"/>
        <source>即将到期</source>
        <translation>Due soon</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/listspane.py" line="33"/>
        <source>已超期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/listspane.py" line="34"/>
        <source>搜索</source>
        <translation>Search</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/listspane.py" line="52"/>
        <source>{0}读取失败</source>
        <translation>{0}: read failed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/listspane.py" line="55"/>
        <source>重试</source>
        <translation>Retry</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/listspane.py" line="57"/>
        <source>重新读取{0}</source>
        <translation>Read {0} again</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/listspane.py" line="65"/>
        <source>{0}列表</source>
        <translation>{0} list</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/listspane.py" line="93"/>
        <source>读取失败：{0}</source>
        <translation>Read failed: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/listspane.py" line="102"/>
        <source>，向下滚动加载更多</source>
        <translation>; scroll down to load more</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/listspane.py" line="103"/>
        <source>已加载 {0} 条</source>
        <translation>{0} loaded</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/listspane.py" line="120"/>
        <location filename="../../desktop/ui/window.py" line="75"/>
        <source>工单列表</source>
        <translation>Ticket lists</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/listspane.py" line="125"/>
        <source>搜索工单</source>
        <translation>Search tickets</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/listspane.py" line="126"/>
        <source>工单号 / 来电号码（任意格式）/ 诉求内容，留空显示全部（Ctrl+F）</source>
        <translation>Ticket number / caller number (any format) / request text; empty shows all (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/listspane.py" line="130"/>
        <source>工单列表选择</source>
        <translation>Ticket list tabs</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/listspane.py" line="165"/>
        <location filename="../../desktop/ui/phonebar.py" line="164"/>
        <source>{0}（{1}）</source>
        <translation>{0} ({1})</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/login.py" line="22"/>
        <source>12345 坐席工作台 · 登录</source>
        <translation>12345 Agent Desk · Sign in</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/login.py" line="25"/>
        <source>12345 政务服务便民热线</source>
        <translation>12345 Government Service Hotline</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/login.py" line="31"/>
        <location filename="../../desktop/ui/login.py" line="36"/>
        <source>账号</source>
        <translation>Login</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/login.py" line="34"/>
        <location filename="../../desktop/ui/login.py" line="37"/>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/login.py" line="45"/>
        <source>呼叫中心：{0}</source>
        <translation>Call center: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/login.py" line="47"/>
        <source>登录</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/login.py" line="57"/>
        <source>请输入账号和密码</source>
        <translation>Enter your login and password</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/opinions.py" line="18"/>
        <location filename="../../desktop/ui/opinions.py" line="20"/>
        <location filename="../../desktop/ui/specialistpane.py" line="50"/>
        <source>专家意见</source>
        <translation>Specialist opinions</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/opinions.py" line="24"/>
        <source>专家意见列表</source>
        <translation>Specialist opinion list</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/opinions.py" line="34"/>
        <source>暂无专家意见</source>
        <translation>No specialist opinions yet</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/phonebar.py" line="34"/>
        <source>小休</source>
        <translation>Short break</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/phonebar.py" line="34"/>
        <source>用餐</source>
        <translation>Meal</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/phonebar.py" line="34"/>
        <source>培训</source>
        <translation>Training</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/phonebar.py" line="34"/>
        <source>会议</source>
        <translation>Meeting</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/phonebar.py" line="34"/>
        <source>工单处理</source>
        <translation>Ticket work</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/phonebar.py" line="35"/>
        <source>公安</source>
        <translation>Police</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/phonebar.py" line="35"/>
        <source>消防</source>
        <translation>Fire</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/phonebar.py" line="35"/>
        <source>急救</source>
        <translation>Ambulance</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/phonebar.py" line="35"/>
        <source>交警</source>
        <translation>Traffic police</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/phonebar.py" line="36"/>
        <source>供电</source>
        <translation>Power supply</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/phonebar.py" line="37"/>
        <source>监听</source>
        <comment>监听方式</comment>
        <translation>listening</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/phonebar.py" line="37"/>
        <source>耳语</source>
        <comment>监听方式</comment>
        <translation>whispering</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/phonebar.py" line="38"/>
        <source>强插</source>
        <comment>监听方式</comment>
        <translation>barging in</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/phonebar.py" line="70"/>
        <location filename="../../desktop/ui/window.py" line="106"/>
        <source>电话条</source>
        <translation>Phone bar</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/phonebar.py" line="87"/>
        <source>注册状态</source>
        <translation>Registration</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/phonebar.py" line="88"/>
        <source>当前通话</source>
        <translation>Current call</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/phonebar.py" line="88"/>
        <location filename="../../desktop/ui/phonebar.py" line="268"/>
        <source>无通话</source>
        <translation>No call</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/phonebar.py" line="89"/>
        <source>通话质量</source>
        <translation>Call quality</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/phonebar.py" line="90"/>
        <source>录音状态</source>
        <translation>Recording</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/phonebar.py" line="91"/>
        <source>班长监听提示</source>
        <translation>Team lead monitoring</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/phonebar.py" line="99"/>
        <location filename="../../desktop/ui/phonebar.py" line="306"/>
        <source>签入</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/phonebar.py" line="100"/>
        <source>示闲</source>
        <translation>Ready</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/phonebar.py" line="101"/>
        <source>示忙</source>
        <translation>Not ready</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/phonebar.py" line="108"/>
        <source>接听</source>
        <translation>Answer</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/phonebar.py" line="109"/>
        <source>挂断</source>
        <translation>Hang up</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/phonebar.py" line="110"/>
        <source>保持</source>
        <translation>Hold</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/phonebar.py" line="111"/>
        <source>静音</source>
        <translation>Mute</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/phonebar.py" line="112"/>
        <location filename="../../desktop/ui/phonebar.py" line="230"/>
        <source>转接</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/phonebar.py" line="113"/>
        <location filename="../../desktop/ui/phonebar.py" line="199"/>
        <source>咨询</source>
        <translation>Consult</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/phonebar.py" line="114"/>
        <source>完成转接</source>
        <translation>Complete transfer</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/phonebar.py" line="115"/>
        <source>会议</source>
        <comment>三方会议按钮</comment>
        <translation>Conference</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/phonebar.py" line="122"/>
        <source>一键三方：{0} {1}（与来电人三方通话，随后可退出）</source>
        <translation>One-key three-way: {0} {1} (a three-way call with the caller; you can leave it afterwards)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/phonebar.py" line="123"/>
        <source>退出三方</source>
        <translation>Leave three-way</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/phonebar.py" line="125"/>
        <source>延长话后</source>
        <translation>Extend wrap-up</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/phonebar.py" line="126"/>
        <source>话后处理再延长 60 秒</source>
        <translation>Extend the wrap-up by 60 seconds</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/phonebar.py" line="127"/>
        <source>完成话后</source>
        <translation>End wrap-up</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/phonebar.py" line="128"/>
        <source>结束话后处理，示闲接听下一个来电</source>
        <translation>End the wrap-up and go Ready for the next call</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/phonebar.py" line="199"/>
        <source>另拨号码（来电人保持等候）：</source>
        <translation>Number to call (the caller waits on hold):</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/phonebar.py" line="230"/>
        <source>转接到号码（分机、专家坐席或外线）：</source>
        <translation>Transfer to (an extension, a specialist seat or an outside line):</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/phonebar.py" line="244"/>
        <source>● 班长 {0} {1}中</source>
        <translation>● Team lead {0} {1}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/phonebar.py" line="275"/>
        <source>（另有 {0} 路）</source>
        <translation> (+{0} more)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/phonebar.py" line="276"/>
        <source>保持</source>
        <comment>通话已保持</comment>
        <translation>On hold</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/phonebar.py" line="277"/>
        <source>静音</source>
        <comment>通话已静音</comment>
        <translation>Muted</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/phonebar.py" line="283"/>
        <source>⚠ 录音告警</source>
        <translation>⚠ Recording alarm</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/phonebar.py" line="283"/>
        <source>● 录音</source>
        <translation>● Recording</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/phonebar.py" line="306"/>
        <source>签出</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/player.py" line="39"/>
        <source>录音服务器无法连接，请稍后再试</source>
        <translation>The recording server cannot be reached; try again later</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/player.py" line="40"/>
        <source>无权收听该录音（链接无效）</source>
        <translation>You may not listen to this recording (the link is not valid)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/player.py" line="41"/>
        <source>播放链接已过期，请重新打开</source>
        <translation>The playback link has expired; open the recording again</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/player.py" line="42"/>
        <source>录音文件不存在</source>
        <translation>The recording file does not exist</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/player.py" line="43"/>
        <source>录音服务器返回错误</source>
        <translation>The recording server returned an error</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/player.py" line="44"/>
        <source>录音文件无法解码</source>
        <translation>The recording file cannot be decoded</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/player.py" line="45"/>
        <source>录音校验不符，已隔离，不能播放</source>
        <translation>The recording failed its hash check and is quarantined: it cannot be played</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/player.py" line="46"/>
        <source>录音尚未通过校验，暂不能播放</source>
        <translation>The recording has not been verified yet and cannot be played</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/player.py" line="47"/>
        <source>录音已过保存期，已按规定删除</source>
        <translation>The recording passed its retention period and was deleted as the rules require</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/player.py" line="48"/>
        <source>录音无法打开，正在检查原因…</source>
        <translation>The recording cannot be opened; checking why…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/player.py" line="49"/>
        <source>播放出错</source>
        <translation>Playback error</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/player.py" line="68"/>
        <source>录音播放器</source>
        <translation>Recording player</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/player.py" line="78"/>
        <location filename="../../desktop/ui/player.py" line="256"/>
        <source>播放</source>
        <translation>Play</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/player.py" line="79"/>
        <source>后退5秒</source>
        <translation>Back 5 s</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/player.py" line="80"/>
        <source>前进5秒</source>
        <translation>Forward 5 s</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/player.py" line="83"/>
        <source>播放进度</source>
        <translation>Playback position</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/player.py" line="89"/>
        <source>播放速度</source>
        <translation>Playback speed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/player.py" line="96"/>
        <source>标记备注</source>
        <translation>Mark note</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/player.py" line="97"/>
        <source>备注，回车在当前位置加标记（M 键亦可）</source>
        <translation>Note; Enter adds a mark at the playhead (or press M)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/player.py" line="99"/>
        <source>加标记</source>
        <translation>Add mark</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/player.py" line="100"/>
        <location filename="../../desktop/ui/player.py" line="199"/>
        <source>下载录音</source>
        <translation>Download recording</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/player.py" line="103"/>
        <source>标记列表</source>
        <translation>Marks</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/player.py" line="139"/>
        <source>速度</source>
        <translation>Speed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/player.py" line="169"/>
        <location filename="../../desktop/ui/waveform.py" line="71"/>
        <source>正在计算波形…</source>
        <translation>Computing the waveform…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/player.py" line="256"/>
        <source>暂停</source>
        <translation>Pause</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/qaform.py" line="24"/>
        <location filename="../../desktop/ui/qaform.py" line="47"/>
        <source>质检评分</source>
        <translation>QA scoring</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/qaform.py" line="30"/>
        <location filename="../../desktop/ui/qaform.py" line="31"/>
        <source>评语</source>
        <translation>Comment</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/qaform.py" line="35"/>
        <source>总分</source>
        <translation>Total</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/qaform.py" line="39"/>
        <source>评分记录</source>
        <translation>Score record</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/qaform.py" line="41"/>
        <source>提交评分 (Ctrl+Shift+S)</source>
        <translation>Submit score (Ctrl+Shift+S)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/qaform.py" line="43"/>
        <source>提交评分</source>
        <translation>Submit score</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/qaform.py" line="71"/>
        <source>{0}（权重 {1}）</source>
        <translation>{0} (weight {1})</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/qaform.py" line="79"/>
        <source>总分 {0}</source>
        <translation>Total {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recordingsmodel.py" line="21"/>
        <source>开始时间</source>
        <translation>Started</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recordingsmodel.py" line="21"/>
        <source>时长</source>
        <translation>Duration</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recordingsmodel.py" line="22"/>
        <source>质检得分</source>
        <translation>QA score</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recordingsmodel.py" line="23"/>
        <source>已校验</source>
        <translation>Verified</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recordingsmodel.py" line="23"/>
        <source>待校验</source>
        <translation>Awaiting check</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recordingsmodel.py" line="23"/>
        <source>上传中</source>
        <translation>Uploading</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recordingsmodel.py" line="24"/>
        <source>已隔离</source>
        <translation>Quarantined</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recordingsmodel.py" line="24"/>
        <source>已过保存期</source>
        <translation>Purged (retention over)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recordingspane.py" line="44"/>
        <source>录音查询</source>
        <translation>Recordings</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recordingspane.py" line="47"/>
        <source>开始日期</source>
        <translation>From date</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recordingspane.py" line="48"/>
        <source>结束日期</source>
        <translation>To date</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recordingspane.py" line="52"/>
        <source>工单编号</source>
        <translation>Ticket number</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recordingspane.py" line="53"/>
        <source>最短时长（秒）</source>
        <translation>Shortest (s)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recordingspane.py" line="54"/>
        <source>最长时长（秒）</source>
        <translation>Longest (s)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recordingspane.py" line="55"/>
        <source>最低得分</source>
        <translation>Lowest score</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recordingspane.py" line="56"/>
        <source>最高得分</source>
        <translation>Highest score</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recordingspane.py" line="57"/>
        <location filename="../../desktop/ui/recordingspane.py" line="59"/>
        <source>查询</source>
        <translation>Search</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recordingspane.py" line="63"/>
        <source>录音列表</source>
        <translation>Recording list</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recordingspane.py" line="74"/>
        <source>提示</source>
        <translation>Notice</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recordingspane.py" line="102"/>
        <source>不限</source>
        <translation>Any</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recordingspane.py" line="107"/>
        <source>从</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recordingspane.py" line="107"/>
        <source>到</source>
        <translation>To</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recordingspane.py" line="107"/>
        <source>来电</source>
        <translation>Caller</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recordingspane.py" line="108"/>
        <location filename="../../desktop/ui/ticketpane.py" line="55"/>
        <location filename="../../desktop/ui/window.py" line="74"/>
        <source>工单</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recordingspane.py" line="108"/>
        <source>时长≥</source>
        <translation>Duration ≥</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recordingspane.py" line="109"/>
        <source>时长≤</source>
        <translation>Duration ≤</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recordingspane.py" line="109"/>
        <source>得分≥</source>
        <translation>Score ≥</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recordingspane.py" line="109"/>
        <source>得分≤</source>
        <translation>Score ≤</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settingsdialog.py" line="27"/>
        <source>呼叫中心地址</source>
        <translation>Call center address</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settingsdialog.py" line="27"/>
        <source>中心数据库</source>
        <translation>Center database</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settingsdialog.py" line="27"/>
        <source>坐席号</source>
        <translation>Seat number</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settingsdialog.py" line="28"/>
        <location filename="../../desktop/ui/ticketpane.py" line="85"/>
        <source>适用规则</source>
        <translation>Rule set</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settingsdialog.py" line="28"/>
        <source>录音目录</source>
        <translation>Recording folder</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settingsdialog.py" line="28"/>
        <source>音频设备</source>
        <translation>Audio device</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settingsdialog.py" line="29"/>
        <source>同步间隔（秒）</source>
        <translation>Sync interval (s)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settingsdialog.py" line="29"/>
        <source>界面语言</source>
        <translation>Interface language</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settingsdialog.py" line="37"/>
        <source>工作台设置</source>
        <translation>Desk settings</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settingsdialog.py" line="52"/>
        <source>耳机（系统默认设备）</source>
        <translation>Headset (system default device)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settingsdialog.py" line="53"/>
        <source>无（仅测试）</source>
        <translation>None (tests only)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settingsdialog.py" line="67"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/specialistpane.py" line="32"/>
        <source>专家会商工单</source>
        <translation>Consultation ticket</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/specialistpane.py" line="35"/>
        <location filename="../../desktop/ui/specialistpane.py" line="74"/>
        <location filename="../../desktop/ui/specialistpane.py" line="85"/>
        <location filename="../../desktop/ui/specialistpane.py" line="90"/>
        <source>会商工单</source>
        <translation>Consultation ticket</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/specialistpane.py" line="36"/>
        <source>会商状态</source>
        <translation>Consultation status</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/specialistpane.py" line="37"/>
        <source>工单要素</source>
        <translation>Ticket facts</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/specialistpane.py" line="38"/>
        <source>办理时限</source>
        <translation>Deadlines</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/specialistpane.py" line="41"/>
        <source>诉求内容（只读）</source>
        <translation>Request (read-only)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/specialistpane.py" line="45"/>
        <location filename="../../desktop/ui/specialistpane.py" line="58"/>
        <source>来电人历史工单</source>
        <translation>Caller's ticket history</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/specialistpane.py" line="51"/>
        <source>输入专家意见（Ctrl+Enter 提交）</source>
        <translation>Type the specialist opinion (Ctrl+Enter to submit)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/specialistpane.py" line="52"/>
        <location filename="../../desktop/ui/specialistpane.py" line="54"/>
        <source>提交专家意见</source>
        <translation>Submit opinion</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/specialistpane.py" line="57"/>
        <location filename="../../desktop/ui/ticketpane.py" line="38"/>
        <source>诉求内容</source>
        <translation>Request</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/specialistpane.py" line="75"/>
        <source>等待专家会商来电</source>
        <translation>Waiting for a consultation call</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/specialistpane.py" line="84"/>
        <source>工单 {0} 尚未同步到本机，下次同步后自动重试…</source>
        <translation>Ticket {0} has not reached this desk yet; retrying after the next sync…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/specialistpane.py" line="93"/>
        <source>只读：工单由话务员受理；可提交专家意见</source>
        <translation>Read-only: the agent handles the ticket; you can submit a specialist opinion</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/specialistpane.py" line="93"/>
        <source>工单已办结，不能再提交专家意见</source>
        <translation>The ticket is closed: no more specialist opinions can be submitted</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/specialistpane.py" line="94"/>
        <source>类别：{0} · 紧急程度：{1} · 来电人：{2} · 受理时间：{3}</source>
        <translation>Category: {0} · Urgency: {1} · Caller: {2} · Accepted: {3}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/specialistpane.py" line="96"/>
        <source>无运行中的时限</source>
        <translation>No running deadlines</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/specialistpane.py" line="122"/>
        <source>请先输入专家意见</source>
        <translation>Type the specialist opinion first</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/ticketlists.py" line="26"/>
        <source>工单号</source>
        <translation>Ticket no.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/ticketlists.py" line="26"/>
        <location filename="../../desktop/ui/ticketpane.py" line="89"/>
        <location filename="../../desktop/ui/ticketpane.py" line="93"/>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/ticketlists.py" line="27"/>
        <source>诉求</source>
        <translation>Request</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/ticketlists.py" line="27"/>
        <source>受理时间</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/ticketlists.py" line="28"/>
        <source>时限</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/ticketlists.py" line="28"/>
        <location filename="../../desktop/ui/ticketlists.py" line="162"/>
        <source>超期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/ticketpane.py" line="37"/>
        <source>来电人</source>
        <translation>Caller</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/ticketpane.py" line="37"/>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/ticketpane.py" line="37"/>
        <source>来电人地址</source>
        <translation>Caller address</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/ticketpane.py" line="38"/>
        <source>事发地址</source>
        <translation>Incident address</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/ticketpane.py" line="62"/>
        <location filename="../../desktop/ui/ticketpane.py" line="198"/>
        <source>新工单</source>
        <translation>New ticket</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/ticketpane.py" line="81"/>
        <source>记录来电人的诉求：时间、地点、事情经过、诉求</source>
        <translation>Record the caller's request: when, where, what happened, what they ask for</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/ticketpane.py" line="90"/>
        <location filename="../../desktop/ui/ticketpane.py" line="94"/>
        <source>紧急程度</source>
        <translation>Urgency</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/ticketpane.py" line="91"/>
        <location filename="../../desktop/ui/ticketpane.py" line="94"/>
        <source>渠道</source>
        <translation>Channel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/ticketpane.py" line="93"/>
        <source>规则</source>
        <translation>Rules</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/ticketpane.py" line="102"/>
        <source>时限预览</source>
        <translation>Deadline preview</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/ticketpane.py" line="108"/>
        <source>工单提示</source>
        <translation>Ticket messages</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/ticketpane.py" line="225"/>
        <source>请先更正标红的内容</source>
        <translation>Correct the fields marked in red first</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/ticketpane.py" line="234"/>
        <source>请先保存受理，再派发</source>
        <translation>Save the intake before dispatching</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/ticketpane.py" line="237"/>
        <source>请先在列表中选择承办单位</source>
        <translation>Choose a handling unit in the list first</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/ticketpane.py" line="244"/>
        <source>单一承办只能选一个单位；多个单位请选择派发方式</source>
        <translation>Single handling takes one unit; for several units choose a dispatch mode</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/ticketpane.py" line="249"/>
        <source>{0}需选择至少两个单位（按住 Ctrl 多选，当前项为主办）</source>
        <translation>{0} needs at least two units (Ctrl-click to select several; the current one leads)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/ticketpane.py" line="258"/>
        <source>{0}：未设定</source>
        <translation>{0}: not set</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/ticketpane.py" line="267"/>
        <source>工单 {0} · {1}</source>
        <translation>Ticket {0} · {1}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/ticketpane.py" line="277"/>
        <source>草稿已保存 {0}</source>
        <translation>Draft saved {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/waveform.py" line="30"/>
        <source>波形</source>
        <translation>Waveform</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/window.py" line="30"/>
        <source>F2 接听　F3 挂断　F4 保持/恢复　F5 静音　F6 转接　Ctrl+D 拨号盘
F8 示闲　F9 示忙　F10 签入/签出
Ctrl+Shift+1…4 一键三方 110/119/120/122　Ctrl+Shift+0 退出三方
Ctrl+N 新工单　Ctrl+L 诉求内容　Ctrl+S 保存受理　Ctrl+U 派发单位　Ctrl+K 知识库　Ctrl+Enter 用此答复
Ctrl+1 我的工单　Ctrl+2 本席今日　Ctrl+3 即将到期　Ctrl+4 已超期　Ctrl+F 搜索工单（双击或回车打开）
Ctrl+E 专家坐席（三方会商）　Ctrl+R 录音查询　Ctrl+, 设置　F1 快捷键
录音播放：空格 播放/暂停　←/→ 后退/前进5秒　[ ] 减速/加速　Home 回到开头　M 加标记</source>
        <translation>F2 Answer   F3 Hang up   F4 Hold/Resume   F5 Mute   F6 Transfer   Ctrl+D Dial pad
F8 Ready   F9 Not ready   F10 Sign in/Sign out
Ctrl+Shift+1…4 One-key three-way 110/119/120/122   Ctrl+Shift+0 Leave the three-way call
Ctrl+N New ticket   Ctrl+L Request   Ctrl+S Save intake   Ctrl+U Dispatch unit   Ctrl+K Knowledge base   Ctrl+Enter Use this answer
Ctrl+1 My tickets   Ctrl+2 Seat today   Ctrl+3 Due soon   Ctrl+4 Overdue   Ctrl+F Search tickets (double-click or Enter opens)
Ctrl+E Specialist seats (three-way consultation)   Ctrl+R Recordings   Ctrl+, Settings   F1 Keyboard shortcuts
Player: Space Play/Pause   ←/→ Back/Forward 5 s   [ ] Slower/Faster   Home To the start   M Add mark</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/window.py" line="50"/>
        <source>12345 政务服务便民热线 · 坐席工作台 · {0}（{1}）</source>
        <translation>12345 Government Service Hotline · Agent Desk · {0} ({1})</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/window.py" line="73"/>
        <source>工单与列表</source>
        <translation>Ticket and lists</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/window.py" line="77"/>
        <source>录音</source>
        <translation>Recordings</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/window.py" line="93"/>
        <location filename="../../desktop/ui/window.py" line="177"/>
        <source>同步：{0}</source>
        <translation>Sync: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/window.py" line="93"/>
        <source>未连接中心</source>
        <translation>not connected to the center</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/window.py" line="95"/>
        <source>同步状态</source>
        <translation>Sync status</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/window.py" line="162"/>
        <source>快捷键</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/window.py" line="181"/>
        <source>处理中…</source>
        <translation>Working…</translation>
    </message>
    <message>
        <source>F2 接听　F3 挂断　F4 保持/恢复　F5 静音　F6 转接　Ctrl+D 拨号盘
F8 示闲　F9 示忙　F10 签入/签出
Ctrl+Shift+1…4 一键三方 110/119/120/122　Ctrl+Shift+0 退出三方
Ctrl+N 新工单　Ctrl+L 诉求内容　Ctrl+S 保存受理　Ctrl+U 派发单位　Ctrl+K 知识库　Ctrl+Enter 用此答复
Ctrl+1 我的工单　Ctrl+2 本席今日　Ctrl+3 即将到期　Ctrl+4 已超期　Ctrl+F 搜索工单（双击或回车打开）
Ctrl+E 专家坐席（三方会商）　Ctrl+, 设置　F1 快捷键</source>
        <translation type="vanished">F2 Answer   F3 Hang up   F4 Hold/Resume   F5 Mute   F6 Transfer   Ctrl+D Dial pad
F8 Ready   F9 Not ready   F10 Sign in/Sign out
Ctrl+Shift+1…4 One-key three-way 110/119/120/122   Ctrl+Shift+0 Leave the three-way call
Ctrl+N New ticket   Ctrl+L Request   Ctrl+S Save intake   Ctrl+U Dispatch unit   Ctrl+K Knowledge base   Ctrl+Enter Use this answer
Ctrl+1 My tickets   Ctrl+2 Seat today   Ctrl+3 Due soon   Ctrl+4 Overdue   Ctrl+F Search tickets (double-click or Enter opens)
Ctrl+E Specialist seats (three-way consultation)   Ctrl+, Settings   F1 Keyboard shortcuts</translation>
    </message>
</context>
</TS>
