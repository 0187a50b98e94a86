<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name></name>
    <message>
        <source>connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>the jump host could not reach this host: {reason}</source>
        <translation>跳板机无法连接到此主机：{reason}</translation>
    </message>
    <message>
        <source>Check the host name and port as the jump host sees them, and that the jump host allows forwarding (AllowTcpForwarding).</source>
        <translation>请从跳板机的角度检查主机名和端口，并确认跳板机允许端口转发（AllowTcpForwarding）。</translation>
    </message>
    <message>
        <source>opening the forwarded connection through the jump host</source>
        <translation>通过跳板机建立转发连接</translation>
    </message>
    <message>
        <source>authentication</source>
        <translation>认证</translation>
    </message>
    <message>
        <source>authenticate</source>
        <translation>认证</translation>
    </message>
    <message>
        <source>run command</source>
        <translation>执行命令</translation>
    </message>
    <message>
        <source>open shell</source>
        <translation>打开终端</translation>
    </message>
    <message>
        <source>open SFTP</source>
        <translation>打开 SFTP</translation>
    </message>
    <message>
        <source>{host}: {operation} failed: {message}</source>
        <translation>{host}：{operation}失败：{message}</translation>
    </message>
    <message>
        <source>cancelled by the user</source>
        <translation>用户已取消</translation>
    </message>
    <message>
        <source>the name {name} could not be found</source>
        <translation>无法解析主机名 {name}</translation>
    </message>
    <message>
        <source>Check the spelling of the host name, or use its IP address; check that this computer&apos;s DNS works.</source>
        <translation>请检查主机名拼写，或改用 IP 地址；并确认本机的 DNS 解析正常。</translation>
    </message>
    <message>
        <source>the connection was refused: nothing is listening on that port</source>
        <translation>连接被拒绝：该端口上没有服务在监听</translation>
    </message>
    <message>
        <source>Check the port number and that the SSH server is running on the host.</source>
        <translation>请检查端口号，并确认主机上的 SSH 服务正在运行。</translation>
    </message>
    <message>
        <source>no answer within {seconds:g} seconds ({stage})</source>
        <translation>{seconds:g} 秒内无响应（{stage}）</translation>
    </message>
    <message>
        <source>Check that the host is up and reachable (VPN, firewall), or raise the connection timeout for slow links.</source>
        <translation>请确认主机已开机且网络可达（VPN、防火墙）；网络较慢时可调大连接超时时间。</translation>
    </message>
    <message>
        <source>the connection was lost</source>
        <translation>连接已断开</translation>
    </message>
    <message>
        <source>connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Reconnect. If this keeps happening, check the network or lower the keepalive interval in the session settings.</source>
        <translation>请重新连接。如果频繁断开，请检查网络，或在会话设置中缩短保活（心跳）间隔。</translation>
    </message>
    <message>
        <source>the server answered like a web server (HTTP), not an SSH server</source>
        <translation>服务器返回了 HTTP 响应，这是 Web 服务器而不是 SSH 服务器</translation>
    </message>
    <message>
        <source>the server did not answer as an SSH server; it said: {line}</source>
        <translation>服务器的响应不是 SSH 协议，返回内容为：{line}</translation>
    </message>
    <message>
        <source>the server closed the connection without sending an SSH greeting</source>
        <translation>服务器未发送 SSH 协议标识就关闭了连接</translation>
    </message>
    <message>
        <source>Check the port: SSH usually listens on 22. The port you used belongs to another service, or a firewall or proxy is in between.</source>
        <translation>请检查端口：SSH 通常使用 22 端口。所用端口属于其他服务，或者中间有防火墙或代理。</translation>
    </message>
    <message>
        <source>the server offers only obsolete {what} algorithms: {offered}</source>
        <translation>服务器只提供过时的{what}算法：{offered}</translation>
    </message>
    <message>
        <source>Ask the server&apos;s administrator to update OpenSSH or enable modern algorithms (rsa-sha2-256/512, ssh-ed25519, curve25519). sshdesk does not use SHA-1 signatures or DSA keys.</source>
        <translation>请联系服务器管理员升级 OpenSSH 或启用较新的算法（rsa-sha2-256/512、ssh-ed25519、curve25519）。sshdesk 不使用 SHA-1 签名和 DSA 密钥。</translation>
    </message>
    <message>
        <source>the SSH conversation failed: {detail}</source>
        <translation>SSH 通信出错：{detail}</translation>
    </message>
    <message>
        <source>Try again; if it persists, look at the log for details.</source>
        <translation>请重试；如果问题仍然存在，请查看日志了解详情。</translation>
    </message>
    <message>
        <source>verify host key</source>
        <translation>验证主机密钥</translation>
    </message>
    <message>
        <source>WARNING: the host key has CHANGED. Someone may be intercepting the connection (man-in-the-middle), or the server was reinstalled.
Remembered {key_type} key: {known}
Key offered now: {offered}</source>
        <translation>警告：主机密钥已变更！可能有人正在拦截连接（中间人攻击），也可能是服务器已重装。
已记录的 {key_type} 密钥：{known}
当前提供的密钥：{offered}</translation>
    </message>
    <message>
        <source>Ask the server&apos;s administrator for its real fingerprint. Only if it matches the key offered now, remove the old entry for {host} from {file} and connect again.</source>
        <translation>请向服务器管理员索取真实的指纹。仅当它与当前提供的密钥一致时，才从 {file} 中删除 {host} 的旧记录并重新连接。</translation>
    </message>
    <message>
        <source>the host key {fingerprint} is marked as revoked in {file}</source>
        <translation>主机密钥 {fingerprint} 在 {file} 中被标记为已吊销</translation>
    </message>
    <message>
        <source>Do not connect. Ask the server&apos;s administrator for the host&apos;s new key.</source>
        <translation>请勿连接。请向服务器管理员索取该主机的新密钥。</translation>
    </message>
    <message>
        <source>the host key {fingerprint} is not known and was not accepted</source>
        <translation>主机密钥 {fingerprint} 未知，且未被接受</translation>
    </message>
    <message>
        <source>Compare the fingerprint with the one the server&apos;s administrator gives you, then accept it (on the command line: --accept-new-host-key).</source>
        <translation>请将该指纹与服务器管理员提供的指纹进行比对，一致后再接受（命令行中使用 --accept-new-host-key）。</translation>
    </message>
    <message>
        <source>the server refused the login of {user} (tried: {tried}; the server accepts: {allowed})</source>
        <translation>服务器拒绝了 {user} 的登录（已尝试：{tried}；服务器接受：{allowed}）</translation>
    </message>
    <message>
        <source>Check the user name and password, or which key the server has in ~/.ssh/authorized_keys for this user.</source>
        <translation>请检查用户名和密码，或检查服务器上该用户的 ~/.ssh/authorized_keys 中配置的是哪个密钥。</translation>
    </message>
    <message>
        <source>the passphrase for the key {path} is wrong</source>
        <translation>密钥 {path} 的口令不正确</translation>
    </message>
    <message>
        <source>the key {path} is protected by a passphrase and none was given</source>
        <translation>密钥 {path} 受口令保护，但未提供口令</translation>
    </message>
    <message>
        <source>Enter the key&apos;s passphrase, or load the key into ssh-agent (ssh-add).</source>
        <translation>请输入密钥口令，或用 ssh-add 将密钥加载到 ssh-agent。</translation>
    </message>
    <message>
        <source>the command did not finish within {seconds:g} seconds: {command}</source>
        <translation>命令未在 {seconds:g} 秒内完成：{command}</translation>
    </message>
    <message>
        <source>Raise the timeout, or run long jobs in the background on the server.</source>
        <translation>请调大超时时间，或在服务器上以后台方式运行耗时任务。</translation>
    </message>
    <message>
        <source>the server refused: {detail}</source>
        <translation>服务器拒绝：{detail}</translation>
    </message>
    <message>
        <source>The server may limit sessions (MaxSessions) or disable this feature (e.g. no SFTP subsystem). Ask its administrator.</source>
        <translation>服务器可能限制了会话数（MaxSessions）或禁用了此功能（例如未启用 SFTP 子系统）。请联系服务器管理员。</translation>
    </message>
    <message>
        <source>{path}: {reason}</source>
        <translation>{path}：{reason}</translation>
    </message>
    <message>
        <source>TCP connection</source>
        <translation>TCP 连接</translation>
    </message>
    <message>
        <source>cannot connect: {reason}</source>
        <translation>无法连接：{reason}</translation>
    </message>
    <message>
        <source>Check the network connection, VPN and firewall.</source>
        <translation>请检查网络连接、VPN 和防火墙。</translation>
    </message>
    <message>
        <source>key exchange</source>
        <translation>密钥交换</translation>
    </message>
    <message>
        <source>waiting for the SSH greeting</source>
        <translation>等待 SSH 协议标识</translation>
    </message>
    <message>
        <source>the connection broke during the handshake: {reason}</source>
        <translation>握手过程中连接中断：{reason}</translation>
    </message>
    <message>
        <source>Try again; check the network.</source>
        <translation>请重试，并检查网络。</translation>
    </message>
    <message>
        <source>host key</source>
        <translation>主机密钥</translation>
    </message>
    <message>
        <source>{path} is not a key sshdesk can use</source>
        <translation>{path} 不是 sshdesk 可用的密钥</translation>
    </message>
    <message>
        <source>Use an OpenSSH or PEM private key (ed25519, ECDSA or RSA).</source>
        <translation>请使用 OpenSSH 或 PEM 格式的私钥（ed25519、ECDSA 或 RSA）。</translation>
    </message>
    <message>
        <source>the key file {path} does not exist</source>
        <translation>密钥文件 {path} 不存在</translation>
    </message>
    <message>
        <source>Check the key file&apos;s path in the session settings.</source>
        <translation>请在会话设置中检查密钥文件路径。</translation>
    </message>
    <message>
        <source>{path} is a folder, not a key file</source>
        <translation>{path} 是文件夹，不是密钥文件</translation>
    </message>
    <message>
        <source>Choose the private key file: usually id_ed25519, id_ecdsa or id_rsa.</source>
        <translation>请选择私钥文件：通常是 id_ed25519、id_ecdsa 或 id_rsa。</translation>
    </message>
    <message>
        <source>the key file {path} cannot be read: {reason}</source>
        <translation>无法读取密钥文件 {path}：{reason}</translation>
    </message>
    <message>
        <source>Check the file&apos;s permissions.</source>
        <translation>请检查文件权限。</translation>
    </message>
    <message>
        <source>{path} is too big to be a private key</source>
        <translation>{path} 太大，不可能是私钥</translation>
    </message>
    <message>
        <source>{path} is a PuTTY key (.ppk), which sshdesk cannot read directly</source>
        <translation>{path} 是 PuTTY 密钥（.ppk），sshdesk 无法直接读取</translation>
    </message>
    <message>
        <source>Convert it to OpenSSH format: &apos;puttygen {path} -O private-openssh -o key_openssh&apos; (or in PuTTYgen: Conversions &gt; Export OpenSSH key), then choose the converted file.</source>
        <translation>请先转换为 OpenSSH 格式：&apos;puttygen {path} -O private-openssh -o key_openssh&apos;（或在 PuTTYgen 中选择 Conversions &gt; Export OpenSSH key），然后选择转换后的文件。</translation>
    </message>
    <message>
        <source>{path} is a public key, not a private key</source>
        <translation>{path} 是公钥，不是私钥</translation>
    </message>
    <message>
        <source>Choose the private key file: usually the same name without &apos;.pub&apos;.</source>
        <translation>请选择私钥文件：通常是去掉 &apos;.pub&apos; 后缀的同名文件。</translation>
    </message>
    <message>
        <source>{path} is a PKCS#8 key, which sshdesk cannot read</source>
        <translation>{path} 是 PKCS#8 格式的密钥，sshdesk 无法读取</translation>
    </message>
    <message>
        <source>Convert it to OpenSSH format with &apos;ssh-keygen -p -f {path}&apos; (this rewrites the file).</source>
        <translation>请用 &apos;ssh-keygen -p -f {path}&apos; 将其转换为 OpenSSH 格式（会重写该文件）。</translation>
    </message>
    <message>
        <source>{path} is a DSA key, an obsolete type no longer supported</source>
        <translation>{path} 是 DSA 密钥，这种过时的类型已不再支持</translation>
    </message>
    <message>
        <source>Create a new key with &apos;ssh-keygen -t ed25519&apos; and install it on the server.</source>
        <translation>请用 &apos;ssh-keygen -t ed25519&apos; 生成新密钥，并将其部署到服务器上。</translation>
    </message>
    <message>
        <source>{path} is damaged or incomplete: it is not a key sshdesk can read</source>
        <translation>{path} 已损坏或不完整：不是 sshdesk 能读取的密钥</translation>
    </message>
    <message>
        <source>Choose the key file again, or make a new key with &apos;ssh-keygen -t ed25519&apos;.</source>
        <translation>请重新选择密钥文件，或用 &apos;ssh-keygen -t ed25519&apos; 生成新密钥。</translation>
    </message>
    <message>
        <source>{path} is a security key (FIDO) key, which sshdesk cannot use yet</source>
        <translation>{path} 是安全密钥（FIDO）密钥，sshdesk 暂不支持</translation>
    </message>
    <message>
        <source>Use an ed25519, ECDSA or RSA key.</source>
        <translation>请使用 ed25519、ECDSA 或 RSA 密钥。</translation>
    </message>
    <message>
        <source>{path} is a {key_type} key, a type sshdesk cannot use</source>
        <translation>{path} 是 {key_type} 密钥，sshdesk 不支持该类型</translation>
    </message>
    <message>
        <source>{path} is not a private key file sshdesk understands</source>
        <translation>{path} 不是 sshdesk 能识别的私钥文件</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; is not of the form [user@]host[:port]</source>
        <translation>“{text}”不符合 [user@]host[:port] 格式</translation>
    </message>
    <message>
        <source>port {port} is not between 1 and 65535</source>
        <translation>端口 {port} 不在 1 到 65535 之间</translation>
    </message>
    <message>
        <source>list folder</source>
        <translation>列出目录</translation>
    </message>
    <message>
        <source>read file information</source>
        <translation>读取文件信息</translation>
    </message>
    <message>
        <source>create folder</source>
        <translation>创建文件夹</translation>
    </message>
    <message>
        <source>create file</source>
        <translation>创建文件</translation>
    </message>
    <message>
        <source>create link</source>
        <translation>创建链接</translation>
    </message>
    <message>
        <source>rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>count files</source>
        <translation>统计文件</translation>
    </message>
    <message>
        <source>delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>change permissions</source>
        <translation>修改权限</translation>
    </message>
    <message>
        <source>change owner</source>
        <translation>修改所有者</translation>
    </message>
    <message>
        <source>no such file or folder</source>
        <translation>文件或目录不存在</translation>
    </message>
    <message>
        <source>Check the path.</source>
        <translation>请检查路径。</translation>
    </message>
    <message>
        <source>permission denied</source>
        <translation>权限不足</translation>
    </message>
    <message>
        <source>Ask its owner, or use an account allowed to change it.</source>
        <translation>请联系其所有者，或使用有权修改它的账户。</translation>
    </message>
    <message>
        <source>operation not permitted</source>
        <translation>不允许执行此操作</translation>
    </message>
    <message>
        <source>Only its owner (or root) may do this.</source>
        <translation>只有其所有者（或 root）才能执行此操作。</translation>
    </message>
    <message>
        <source>Choose another name.</source>
        <translation>请换一个名称。</translation>
    </message>
    <message>
        <source>the folder is not empty</source>
        <translation>文件夹不为空</translation>
    </message>
    <message>
        <source>too many levels of symbolic links</source>
        <translation>符号链接层级过多</translation>
    </message>
    <message>
        <source>the network process stopped</source>
        <translation>网络进程已停止</translation>
    </message>
    <message>
        <source>close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>find the home folder</source>
        <translation>查找主目录</translation>
    </message>
    <message>
        <source>create symlink</source>
        <translation>创建符号链接</translation>
    </message>
    <message>
        <source>transfer</source>
        <translation>传输</translation>
    </message>
    <message>
        <source>start the demo server</source>
        <translation>启动演示服务器</translation>
    </message>
    <message>
        <source>the demo&apos;s shell needs Linux or macOS (Python&apos;s pty module, which Windows lacks)</source>
        <translation>演示服务器的 Shell 需要 Linux 或 macOS（依赖 Python 的 pty 模块，Windows 上没有该模块）</translation>
    </message>
    <message>
        <source>Connect to an SSH server of your own instead.</source>
        <translation>请改为连接自己的 SSH 服务器。</translation>
    </message>
    <message>
        <source>cannot set up the demo: {reason}</source>
        <translation>无法准备演示环境：{reason}</translation>
    </message>
    <message>
        <source>demo</source>
        <translation>演示</translation>
    </message>
    <message>
        <source>the demo server did not start</source>
        <translation>演示服务器未能启动</translation>
    </message>
    <message>
        <source>no keyring is available on this computer</source>
        <translation>此计算机上没有可用的钥匙环</translation>
    </message>
    <message>
        <source>the keyring is locked, and unlocking it was dismissed or not possible</source>
        <translation>钥匙环已锁定，且解锁被取消或无法解锁</translation>
    </message>
    <message>
        <source>the keyring service could not be reached</source>
        <translation>无法连接到钥匙环服务</translation>
    </message>
    <message>
        <source>the keyring reported an error</source>
        <translation>钥匙环报告了错误</translation>
    </message>
    <message>
        <source>Install and unlock a keyring such as GNOME Keyring or KWallet; until then sshdesk asks for the password each time.</source>
        <translation>请安装并解锁 GNOME Keyring 或 KWallet 等钥匙环；在此之前，sshdesk 每次都会询问密码。</translation>
    </message>
    <message>
        <source>Unlock the keyring (log in to the desktop again, or use your keyring manager) and try again; until then sshdesk asks for the password each time.</source>
        <translation>请解锁钥匙环（重新登录桌面，或使用钥匙环管理工具）后重试；在此之前，sshdesk 每次都会询问密码。</translation>
    </message>
    <message>
        <source>Check that a keyring such as GNOME Keyring or KWallet runs in your desktop session; until then sshdesk asks for the password each time.</source>
        <translation>请确认桌面会话中正在运行 GNOME Keyring 或 KWallet 等钥匙环；在此之前，sshdesk 每次都会询问密码。</translation>
    </message>
    <message>
        <source>The details are in the log file. Until this is solved, sshdesk asks for the password each time.</source>
        <translation>详细信息已写入日志文件。在问题解决之前，sshdesk 每次都会询问密码。</translation>
    </message>
    <message>
        <source>keyring</source>
        <translation>钥匙环</translation>
    </message>
    <message>
        <source>it is longer than {limit} characters, more than every keyring can hold</source>
        <translation>长度超过 {limit} 个字符，超出了钥匙环普遍能保存的上限</translation>
    </message>
    <message>
        <source>It cannot be saved; sshdesk asks for it each time.</source>
        <translation>无法保存；sshdesk 每次都会询问。</translation>
    </message>
    <message>
        <source>save key passphrase</source>
        <translation>保存密钥口令</translation>
    </message>
    <message>
        <source>save password</source>
        <translation>保存密码</translation>
    </message>
    <message>
        <source>delete saved password and passphrase</source>
        <translation>删除已保存的密码和密钥口令</translation>
    </message>
    <message>
        <source>delete saved key passphrase</source>
        <translation>删除已保存的密钥口令</translation>
    </message>
    <message>
        <source>delete saved password</source>
        <translation>删除已保存的密码</translation>
    </message>
    <message>
        <source>sessions</source>
        <translation>会话</translation>
    </message>
    <message>
        <source>Run &apos;sshdesk sessions list&apos; to see the saved sessions.</source>
        <translation>请运行 &apos;sshdesk sessions list&apos; 查看已保存的会话。</translation>
    </message>
    <message>
        <source>Did you mean: {paths}?</source>
        <translation>是否要查找：{paths}？</translation>
    </message>
    <message>
        <source>find session</source>
        <translation>查找会话</translation>
    </message>
    <message>
        <source>no saved session is called &apos;{reference}&apos;</source>
        <translation>没有名为“{reference}”的已保存会话</translation>
    </message>
    <message>
        <source>&apos;{reference}&apos; matches several saved sessions: {paths}</source>
        <translation>“{reference}”匹配到多个已保存的会话：{paths}</translation>
    </message>
    <message>
        <source>Name the session by its full path (Folder/Sub/name) or by its id; &apos;sshdesk sessions list&apos; shows both.</source>
        <translation>请用会话的完整路径（文件夹/子文件夹/名称）或 ID 指定会话；&apos;sshdesk sessions list&apos; 会同时列出两者。</translation>
    </message>
    <message>
        <source>load sessions</source>
        <translation>加载会话</translation>
    </message>
    <message>
        <source>save sessions</source>
        <translation>保存会话</translation>
    </message>
    <message>
        <source>export sessions</source>
        <translation>导出会话</translation>
    </message>
    <message>
        <source>import sessions</source>
        <translation>导入会话</translation>
    </message>
    <message>
        <source>not a sessions file ({detail})</source>
        <translation>不是会话文件（{detail}）</translation>
    </message>
    <message>
        <source>Choose a file written by sshdesk&apos;s session export.</source>
        <translation>请选择由 sshdesk 会话导出功能生成的文件。</translation>
    </message>
    <message>
        <source>the file cannot be read and cannot be set aside: {reason}</source>
        <translation>该文件无法读取，也无法另存备份：{reason}</translation>
    </message>
    <message>
        <source>Move the file away yourself, or make its folder writable.</source>
        <translation>请手动将该文件移走，或让其所在文件夹可写。</translation>
    </message>
    <message>
        <source>Update sshdesk to change saved sessions; this version will not overwrite the file.</source>
        <translation>请升级 sshdesk 后再修改已保存的会话；当前版本不会覆盖该文件。</translation>
    </message>
    <message>
        <source>the file was written by a newer sshdesk (format version {found}; this version knows up to {known})</source>
        <translation>该文件由较新版本的 sshdesk 写入（格式版本 {found}；当前版本最高支持 {known}）</translation>
    </message>
    <message>
        <source>cannot read the file: {reason}</source>
        <translation>无法读取文件：{reason}</translation>
    </message>
    <message>
        <source>Check the file&apos;s permissions; sshdesk needs to read it.</source>
        <translation>请检查文件权限；sshdesk 需要读取该文件。</translation>
    </message>
    <message>
        <source>cannot write the file: {reason}</source>
        <translation>无法写入文件：{reason}</translation>
    </message>
    <message>
        <source>Check that the folder exists and is writable and that the disk is not full.</source>
        <translation>请确认文件夹存在且可写，并且磁盘空间未满。</translation>
    </message>
    <message>
        <source>read ssh config</source>
        <translation>读取 SSH 配置</translation>
    </message>
    <message>
        <source>the file could not be read: {reason}</source>
        <translation>无法读取该文件：{reason}</translation>
    </message>
    <message>
        <source>Check the file name, and that the file exists and is readable.</source>
        <translation>请检查文件名，并确认文件存在且可读。</translation>
    </message>
    <message>
        <source>{alias}: not imported: {reason}</source>
        <translation>{alias}：未导入：{reason}</translation>
    </message>
    <message>
        <source>Match blocks are not evaluated; the options under this one were not imported: {line}</source>
        <translation>不支持解析 Match 块；该块下的选项未导入：{line}</translation>
    </message>
    <message>
        <source>unbalanced quotes; line ignored: {line}</source>
        <translation>引号不配对；已忽略该行：{line}</translation>
    </message>
    <message>
        <source>no value after the keyword; line ignored: {line}</source>
        <translation>关键字后缺少值；已忽略该行：{line}</translation>
    </message>
    <message>
        <source>Include nested more than {limit} levels deep; not read: {path}</source>
        <translation>Include 嵌套超过 {limit} 层；未读取：{path}</translation>
    </message>
    <message>
        <source>{path} includes itself; not read again</source>
        <translation>{path} 包含了自身；不再重复读取</translation>
    </message>
    <message>
        <source>the included file {path} could not be read: {reason}</source>
        <translation>无法读取被包含的文件 {path}：{reason}</translation>
    </message>
    <message>
        <source>{option}: not a valid value; ignored</source>
        <translation>{option}：值无效；已忽略</translation>
    </message>
    <message>
        <source>{option}: not supported by sshdesk; ignored</source>
        <translation>{option}：sshdesk 不支持；已忽略</translation>
    </message>
    <message>
        <source>{message} (hosts: {hosts})</source>
        <translation>{message}（主机：{hosts}）</translation>
    </message>
    <message>
        <source>ProxyJump {spec}: {reason}</source>
        <translation>ProxyJump {spec}：{reason}</translation>
    </message>
    <message>
        <source>ProxyJump {spec}: the jump hosts lead back to {host}</source>
        <translation>ProxyJump {spec}：跳板机链路绕回到了 {host}</translation>
    </message>
    <message>
        <source>Give the session a name.</source>
        <translation>请为会话命名。</translation>
    </message>
    <message>
        <source>A name cannot contain &apos;/&apos;, which separates folders.</source>
        <translation>名称不能包含“/”，该字符用于分隔文件夹。</translation>
    </message>
    <message>
        <source>A folder name is empty; write folders as &apos;Prod/DB&apos;.</source>
        <translation>文件夹名称为空；请按“Prod/DB”的格式填写文件夹。</translation>
    </message>
    <message>
        <source>Enter the host name or address.</source>
        <translation>请输入主机名或地址。</translation>
    </message>
    <message>
        <source>A host name has no spaces.</source>
        <translation>主机名不能包含空格。</translation>
    </message>
    <message>
        <source>Write the user name in the User field, not in the host.</source>
        <translation>请将用户名填写在“用户名”栏中，而不是写在主机中。</translation>
    </message>
    <message>
        <source>Write an IPv6 address without brackets, and the port in the Port field.</source>
        <translation>IPv6 地址请勿加方括号，端口请填写在“端口”栏中。</translation>
    </message>
    <message>
        <source>&apos;{host}&apos; is not an IPv6 address; write the port in the Port field.</source>
        <translation>“{host}”不是 IPv6 地址；请将端口填写在“端口”栏中。</translation>
    </message>
    <message>
        <source>&apos;{host}&apos; has characters a host name cannot have.</source>
        <translation>“{host}”包含主机名中不允许的字符。</translation>
    </message>
    <message>
        <source>Jump host {number}: {reason}</source>
        <translation>跳板机 {number}：{reason}</translation>
    </message>
    <message>
        <source>Not an algorithm name: {names}. Separate names with commas.</source>
        <translation>不是有效的算法名称：{names}。多个名称请用逗号分隔。</translation>
    </message>
    <message>
        <source>Choose the server&apos;s character encoding.</source>
        <translation>请选择服务器的字符编码。</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; is not an encoding Python knows.</source>
        <translation>“{name}”不是 Python 能识别的编码。</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; does not encode text.</source>
        <translation>“{name}”不是文本编码。</translation>
    </message>
    <message>
        <source>Enter a terminal type, such as xterm-256color.</source>
        <translation>请输入终端类型，例如 xterm-256color。</translation>
    </message>
    <message>
        <source>A terminal type is one word of plain letters, such as xterm-256color.</source>
        <translation>终端类型应为一个由普通字母组成的单词，例如 xterm-256color。</translation>
    </message>
    <message>
        <source>This is {length} characters long; the keyring keeps at most {limit}.</source>
        <translation>长度为 {length} 个字符；钥匙环最多只能保存 {limit} 个字符。</translation>
    </message>
    <message>
        <source>{problem}. {hint}</source>
        <translation>{problem}。{hint}</translation>
    </message>
    <message>
        <source>the remote paths name several targets ({targets}); copy from one at a time</source>
        <translation>远程路径指向了多个目标（{targets}）；请每次只从一个目标复制</translation>
    </message>
    <message>
        <source>TARGET:PATH names a remote file or folder. TARGET is a saved session (its path, name or id) or [user@]host; a port goes between host and path only, as host:2222:PATH or [::1]:2222:PATH (so host:2222 alone is the file 2222 in the home folder), or give it with -p PORT. An empty PATH is the home folder; a relative PATH, or one starting with ~/, starts from it.</source>
        <translation>TARGET:PATH 指定一个远程文件或文件夹。TARGET 是已保存的会话（其路径、名称或 ID）或 [user@]host；端口只能写在主机和路径之间，如 host:2222:PATH 或 [::1]:2222:PATH（因此单独的 host:2222 表示主目录中名为 2222 的文件），也可以用 -p PORT 指定。PATH 为空表示主目录；相对的 PATH 以及以 ~/ 开头的 PATH 都从主目录开始。</translation>
    </message>
    <message>
        <source>Exit status: 0 when everything was copied; 1 when anything failed or was not copied (a summary on stderr names each source and each file that failed); 2 for a usage error; 130 after Ctrl-C, which cancels the copy and removes partial files; 255 when connecting or logging in failed. A progress line is shown on stderr when it is a terminal.</source>
        <translation>退出状态：全部复制成功时为 0；有任何内容失败或未复制时为 1（stderr 上的摘要会列出每个源和每个失败的文件）；用法错误时为 2；按下 Ctrl-C 后为 130，此时会取消复制并删除不完整的文件；连接或登录失败时为 255。当 stderr 是终端时，会在其上显示一行进度。</translation>
    </message>
    <message>
        <source>copy files and folders from a host</source>
        <translation>从主机复制文件和文件夹</translation>
    </message>
    <message>
        <source>Copy each remote TARGET:PATH into the local folder LOCAL; or, when there is one, to the path LOCAL if that is not a folder.</source>
        <translation>将每个远程 TARGET:PATH 复制到本地文件夹 LOCAL 中；只有一个源且 LOCAL 不是文件夹时，则复制到路径 LOCAL。</translation>
    </message>
    <message>
        <source>examples:
  sshdesk get root@web1:/var/log/syslog .
  sshdesk get -r -p 2222 deploy@web1:releases/v2 ./backup
  sshdesk get &apos;Prod/web 1:/etc/nginx/nginx.conf&apos; nginx.conf.prod</source>
        <translation>示例：
  sshdesk get root@web1:/var/log/syslog .
  sshdesk get -r -p 2222 deploy@web1:releases/v2 ./backup
  sshdesk get &apos;Prod/web 1:/etc/nginx/nginx.conf&apos; nginx.conf.prod</translation>
    </message>
    <message>
        <source>remote files or folders, all on one TARGET</source>
        <translation>远程文件或文件夹，须全部位于同一个 TARGET 上</translation>
    </message>
    <message>
        <source>an existing folder, or for one source the copy&apos;s path</source>
        <translation>已存在的文件夹；只有一个源时，也可以是副本的路径</translation>
    </message>
    <message>
        <source>copy files and folders to a host</source>
        <translation>将文件和文件夹复制到主机</translation>
    </message>
    <message>
        <source>Copy each LOCAL file or folder into the remote folder TARGET:PATH; or, when there is one, to that path if it is not a folder.</source>
        <translation>将每个本地文件或文件夹 LOCAL 复制到远程文件夹 TARGET:PATH 中；只有一个源且该路径不是文件夹时，则复制到该路径。</translation>
    </message>
    <message>
        <source>examples:
  sshdesk put report.pdf root@web1:/srv/files/
  sshdesk put -r --jobs 8 --limit 5M ./site deploy@[::1]:2222:www
  sshdesk put app.conf &apos;Prod/web 1:/etc/app/app.conf&apos;</source>
        <translation>示例：
  sshdesk put report.pdf root@web1:/srv/files/
  sshdesk put -r --jobs 8 --limit 5M ./site deploy@[::1]:2222:www
  sshdesk put app.conf &apos;Prod/web 1:/etc/app/app.conf&apos;</translation>
    </message>
    <message>
        <source>local files or folders</source>
        <translation>本地文件或文件夹</translation>
    </message>
    <message>
        <source>a remote folder, or for one source the copy&apos;s path</source>
        <translation>远程文件夹；只有一个源时，也可以是副本的路径</translation>
    </message>
    <message>
        <source>copy folders with everything in them (without it, a folder source fails)</source>
        <translation>复制文件夹及其中的全部内容（不加此选项时，源为文件夹会失败）</translation>
    </message>
    <message>
        <source>SFTP channels at work at once: several files, or pieces of a big one, are copied together (default 4; OpenSSH servers allow 10 channels a connection by default)</source>
        <translation>同时工作的 SFTP 通道数：多个文件或一个大文件的多个分块会同时复制（默认为 4；OpenSSH 服务器默认每个连接最多允许 10 个通道）</translation>
    </message>
    <message>
        <source>replace targets that exist</source>
        <translation>覆盖已存在的目标</translation>
    </message>
    <message>
        <source>leave targets that exist alone</source>
        <translation>跳过已存在的目标</translation>
    </message>
    <message>
        <source>complete targets that are shorter than their source by appending the rest (a longer target is replaced)</source>
        <translation>续传比源文件短的目标，追加其余部分（比源文件长的目标会被覆盖）</translation>
    </message>
    <message>
        <source>replace a target that exists only when the source is newer</source>
        <translation>仅当源文件较新时才覆盖已存在的目标</translation>
    </message>
    <message>
        <source>do not give copies the source&apos;s modification time and permissions</source>
        <translation>不为副本保留源文件的修改时间和权限</translation>
    </message>
    <message>
        <source>at most RATE bytes per second in all (suffix K, M or G for KiB/s, MiB/s, GiB/s: 500K, 10M)</source>
        <translation>总速率不超过每秒 RATE 字节（后缀 K、M 或 G 分别表示 KiB/s、MiB/s、GiB/s，如 500K、10M）</translation>
    </message>
    <message>
        <source>symlinks inside folders: copy what they point at (follow, the default), recreate the link (copy), or leave them out (skip)</source>
        <translation>文件夹中的符号链接：复制其指向的内容（follow，默认）、重建链接（copy）或不复制（skip）</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; is not a rate such as 500K, 10M or 1G</source>
        <translation>“{text}”不是有效的速率，应类似 500K、10M 或 1G</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; is not a number from 1 to 64</source>
        <translation>“{text}”不是 1 到 64 之间的数字</translation>
    </message>
    <message>
        <source>{path}: not a folder (several sources are copied into a folder)</source>
        <translation>{path}：不是文件夹（多个源只能复制到文件夹中）</translation>
    </message>
    <message>
        <source>{path}: no such folder</source>
        <translation>{path}：文件夹不存在</translation>
    </message>
    <message>
        <source>{path}: is a folder; copy folders with -r</source>
        <translation>{path}：是文件夹；复制文件夹请使用 -r</translation>
    </message>
    <message>
        <source>{path}: not a folder; a folder cannot replace it</source>
        <translation>{path}：不是文件夹；不能用文件夹替换它</translation>
    </message>
    <message>
        <source>this computer</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Give a folder as LOCAL, or the name the file has on the server.</source>
        <translation>请将 LOCAL 指定为文件夹，或使用该文件在服务器上的名称。</translation>
    </message>
    <message>
        <source>upload</source>
        <translation>上传</translation>
    </message>
    <message>
        <source>not a folder</source>
        <translation>不是文件夹</translation>
    </message>
    <message>
        <source>Several sources are copied into an existing folder.</source>
        <translation>多个源只能复制到已存在的文件夹中。</translation>
    </message>
    <message>
        <source>no such folder</source>
        <translation>文件夹不存在</translation>
    </message>
    <message>
        <source>{path}: it already exists
Choose to overwrite, skip or resume it (--overwrite, --skip-existing or --resume on the command line).</source>
        <translation>{path}：已存在
请选择覆盖、跳过或续传（命令行中使用 --overwrite、--skip-existing 或 --resume）。</translation>
    </message>
    <message>
        <source>{path}: --resume continues a file of the source&apos;s name only; give the folder as the destination</source>
        <translation>{path}：--resume 只能续传与源同名的文件；请将文件夹指定为目标</translation>
    </message>
    <message>
        <source>{command}: cancelled</source>
        <translation>{command}：已取消</translation>
    </message>
    <message>
        <source>{command}: {count} of {total} not copied:</source>
        <translation>{command}：{total} 项中有 {count} 项未复制：</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>it already exists</source>
        <translation>已存在</translation>
    </message>
    <message>
        <source>Files that exist were left alone: choose --overwrite, --skip-existing, --resume or --newer.</source>
        <translation>已存在的文件未作改动：请选择 --overwrite、--skip-existing、--resume 或 --newer。</translation>
    </message>
    <message>
        <source>ETA {time}</source>
        <translation>剩余 {time}</translation>
    </message>
    <message>
        <source>in {time}</source>
        <translation>用时 {time}</translation>
    </message>
    <message>
        <source>{percent:&gt;3}%  {done} / {total}  {rate}/s  {time}  {files_done}/{files_total} files</source>
        <translation>{percent:&gt;3}%  {done} / {total}  {rate}/s  {time}  {files_done}/{files_total} 个文件</translation>
    </message>
    <message>
        <source>Check the path; refresh the list.</source>
        <translation>请检查路径，并刷新列表。</translation>
    </message>
    <message>
        <source>no space left on the disk</source>
        <translation>磁盘空间不足</translation>
    </message>
    <message>
        <source>Free some space, then retry.</source>
        <translation>请释放一些空间后重试。</translation>
    </message>
    <message>
        <source>disk quota exceeded</source>
        <translation>超出磁盘配额</translation>
    </message>
    <message>
        <source>the server does not support this</source>
        <translation>服务器不支持此操作</translation>
    </message>
    <message>
        <source>the file system is read-only</source>
        <translation>文件系统为只读</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>操作失败</translation>
    </message>
    <message>
        <source>the server closed the SFTP session</source>
        <translation>服务器关闭了 SFTP 会话</translation>
    </message>
    <message>
        <source>internal error reading SFTP replies</source>
        <translation>读取 SFTP 响应时发生内部错误</translation>
    </message>
    <message>
        <source>the SFTP session was closed</source>
        <translation>SFTP 会话已关闭</translation>
    </message>
    <message>
        <source>internal error (see the log)</source>
        <translation>内部错误（详见日志）</translation>
    </message>
    <message>
        <source>{count} of {total} files failed: {first}</source>
        <translation>{total} 个文件中有 {count} 个失败：{first}</translation>
    </message>
    <message>
        <source>it would be written outside the chosen folder</source>
        <translation>它会被写到所选文件夹之外</translation>
    </message>
    <message>
        <source>copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Choose to overwrite, skip or resume it (--overwrite, --skip-existing or --resume on the command line).</source>
        <translation>请选择覆盖、跳过或续传（命令行中使用 --overwrite、--skip-existing 或 --resume）。</translation>
    </message>
    <message>
        <source>something that is not a file is in the way</source>
        <translation>该位置已有一个不是文件的对象</translation>
    </message>
    <message>
        <source>Remove it, then retry.</source>
        <translation>请将其删除后重试。</translation>
    </message>
    <message>
        <source>write</source>
        <translation>写入</translation>
    </message>
    <message>
        <source>the file got shorter while it was copied</source>
        <translation>复制过程中文件变短了</translation>
    </message>
    <message>
        <source>Retry when it is not being written.</source>
        <translation>请等该文件不再被写入时重试。</translation>
    </message>
    <message>
        <source>read</source>
        <translation>读取</translation>
    </message>
    <message>
        <source>no free name</source>
        <translation>找不到可用的文件名</translation>
    </message>
    <message>
        <source>size mismatch: {got} bytes written, {want} expected</source>
        <translation>大小不一致：已写入 {got} 字节，应为 {want} 字节</translation>
    </message>
    <message>
        <source>Retry the transfer.</source>
        <translation>请重试此传输。</translation>
    </message>
    <message>
        <source>its name is not safe as a local file name</source>
        <translation>其名称不能安全地用作本地文件名</translation>
    </message>
    <message>
        <source>a symlink loop: the folder was copied already</source>
        <translation>符号链接循环：该文件夹已复制过</translation>
    </message>
    <message>
        <source>a dangling symlink</source>
        <translation>失效的符号链接（指向的目标不存在）</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <source>File exists</source>
        <translation>文件已存在</translation>
    </message>
    <message>
        <source>on the server</source>
        <translation>在服务器上</translation>
    </message>
    <message>
        <source>on this computer</source>
        <translation>在本机上</translation>
    </message>
    <message>
        <source>“{target}” already exists {where}.</source>
        <translation>“{target}”{where}已存在。</translation>
    </message>
    <message>
        <source>Do this for every conflict</source>
        <translation>对所有冲突执行此操作</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Modified</source>
        <translation>修改时间</translation>
    </message>
    <message>
        <source>New (copied):</source>
        <translation>新文件（要复制的）：</translation>
    </message>
    <message>
        <source>Existing:</source>
        <translation>现有文件：</translation>
    </message>
    <message>
        <source>Overwrite</source>
        <translation>覆盖</translation>
    </message>
    <message>
        <source>Overwrite if newer</source>
        <translation>较新时覆盖</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>续传</translation>
    </message>
    <message>
        <source>Keep both</source>
        <translation>保留两者</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>跳过</translation>
    </message>
    <message>
        <source>Copy under a new name, such as “name (1).ext”</source>
        <translation>以新名称复制，例如“name (1).ext”</translation>
    </message>
    <message>
        <source>Cancel transfer</source>
        <translation>取消传输</translation>
    </message>
</context>
<context>
    <name>ConnectionHandle</name>
    <message>
        <source>open shell</source>
        <translation>打开终端</translation>
    </message>
    <message>
        <source>connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>The password could not be saved in the keyring: {reason}</source>
        <translation>无法将密码保存到钥匙环：{reason}</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>未连接</translation>
    </message>
</context>
<context>
    <name>EditableList</name>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>下移</translation>
    </message>
</context>
<context>
    <name>EntryModel</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Modified</source>
        <translation>修改时间</translation>
    </message>
    <message>
        <source>Permissions</source>
        <translation>权限</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>所有者</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>用户组</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>{host}: {operation} failed</source>
        <translation>{host}：{operation}失败</translation>
    </message>
    <message>
        <source>{operation} failed</source>
        <translation>{operation}失败</translation>
    </message>
</context>
<context>
    <name>FileActions</name>
    <message>
        <source>“{name}”</source>
        <translation>“{name}”</translation>
    </message>
    <message>
        <source>{count} items</source>
        <translation>{count} 个项目</translation>
    </message>
    <message>
        <source>1 file</source>
        <translation>1 个文件</translation>
    </message>
    <message>
        <source>{count} files</source>
        <translation>{count} 个文件</translation>
    </message>
    <message>
        <source>1 folder</source>
        <translation>1 个文件夹</translation>
    </message>
    <message>
        <source>{count} folders</source>
        <translation>{count} 个文件夹</translation>
    </message>
    <message>
        <source>Delete {what} from {side}?

This deletes {files} and {folders} ({size}). It cannot be undone.</source>
        <translation>要从 {side} 删除 {what} 吗？

将删除 {files}和 {folders}（{size}）。此操作无法撤销。</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Upload</source>
        <translation>上传</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>New folder…</source>
        <translation>新建文件夹…</translation>
    </message>
    <message>
        <source>New file…</source>
        <translation>新建文件…</translation>
    </message>
    <message>
        <source>New symbolic link…</source>
        <translation>新建符号链接…</translation>
    </message>
    <message>
        <source>Permissions…</source>
        <translation>权限…</translation>
    </message>
    <message>
        <source>Owner and group…</source>
        <translation>所有者和用户组…</translation>
    </message>
    <message>
        <source>Copy path</source>
        <translation>复制路径</translation>
    </message>
    <message>
        <source>Properties</source>
        <translation>属性</translation>
    </message>
    <message>
        <source>Open in terminal</source>
        <translation>在终端中打开</translation>
    </message>
    <message>
        <source>rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>count files</source>
        <translation>统计文件</translation>
    </message>
    <message>
        <source>New folder</source>
        <translation>新建文件夹</translation>
    </message>
    <message>
        <source>Folder name:</source>
        <translation>文件夹名称：</translation>
    </message>
    <message>
        <source>create folder</source>
        <translation>创建文件夹</translation>
    </message>
    <message>
        <source>New file</source>
        <translation>新建文件</translation>
    </message>
    <message>
        <source>File name:</source>
        <translation>文件名：</translation>
    </message>
    <message>
        <source>create file</source>
        <translation>创建文件</translation>
    </message>
    <message>
        <source>create link</source>
        <translation>创建链接</translation>
    </message>
    <message>
        <source>change permissions</source>
        <translation>修改权限</translation>
    </message>
    <message>
        <source>change owner</source>
        <translation>修改所有者</translation>
    </message>
</context>
<context>
    <name>FileBrowser</name>
    <message>
        <source>This folder is still opening; try again in a moment.</source>
        <translation>该文件夹仍在打开中，请稍后再试。</translation>
    </message>
    <message>
        <source>copy</source>
        <translation>复制</translation>
    </message>
</context>
<context>
    <name>FilePane</name>
    <message>
        <source>Folder — type a path and press Enter</source>
        <translation>文件夹 — 输入路径后按回车键</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>筛选</translation>
    </message>
    <message>
        <source>Show only names containing this text, or matching a pattern such as *.log</source>
        <translation>只显示名称包含此文本或匹配 *.log 等模式的项目</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>后退</translation>
    </message>
    <message>
        <source>Forward</source>
        <translation>前进</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>上一级</translation>
    </message>
    <message>
        <source>Home folder</source>
        <translation>主目录</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Bookmarks</source>
        <translation>书签</translation>
    </message>
    <message>
        <source>Show hidden files</source>
        <translation>显示隐藏文件</translation>
    </message>
    <message>
        <source>Follow the terminal&apos;s folder</source>
        <translation>跟随终端所在的文件夹</translation>
    </message>
    <message>
        <source>find the home folder</source>
        <translation>查找主目录</translation>
    </message>
    <message>
        <source>Bookmark this folder</source>
        <translation>将此文件夹加入书签</translation>
    </message>
    <message>
        <source>Remove bookmark</source>
        <translation>删除书签</translation>
    </message>
</context>
<context>
    <name>FolderLister</name>
    <message>
        <source>list folder</source>
        <translation>列出目录</translation>
    </message>
</context>
<context>
    <name>HostKeyChangedDialog</name>
    <message>
        <source>Host key changed</source>
        <translation>主机密钥已变更</translation>
    </message>
    <message>
        <source>WARNING: the host key of {host} has CHANGED!</source>
        <translation>警告：{host} 的主机密钥已变更！</translation>
    </message>
    <message>
        <source>The server sent a different key from the one remembered for it. Someone may be intercepting the connection (a man-in-the-middle attack), or the server was reinstalled or its key replaced. sshdesk did not connect.</source>
        <translation>服务器发送的密钥与之前记录的不同。可能有人正在拦截连接（中间人攻击），也可能是服务器已重装或更换了密钥。sshdesk 未建立连接。</translation>
    </message>
    <message>
        <source>Key type:</source>
        <translation>密钥类型：</translation>
    </message>
    <message>
        <source>Remembered fingerprint:</source>
        <translation>已记录的指纹：</translation>
    </message>
    <message>
        <source>Fingerprint offered now:</source>
        <translation>当前提供的指纹：</translation>
    </message>
    <message>
        <source>Remembered in:</source>
        <translation>记录位置：</translation>
    </message>
    <message>
        <source>Do not connect until you know why the key changed. Ask the server&apos;s administrator for the real fingerprint; they can print it on the server with &quot;ssh-keygen -lf {file}&quot;. Only if it matches the fingerprint offered now, remove the old entry with this command and connect again:</source>
        <translation>在查明密钥变更的原因之前，请勿连接。请向服务器管理员索取真实的指纹，管理员可在服务器上运行“ssh-keygen -lf {file}”查看。仅当它与当前提供的指纹一致时，才用以下命令删除旧记录并重新连接：</translation>
    </message>
</context>
<context>
    <name>KeyboardInteractiveDialog</name>
    <message>
        <source>Log in to {host}</source>
        <translation>登录 {host}</translation>
    </message>
    <message>
        <source>The server {host} asks:</source>
        <translation>服务器 {host} 要求输入：</translation>
    </message>
</context>
<context>
    <name>KnownHostsDialog</name>
    <message>
        <source>Known hosts</source>
        <translation>已知主机</translation>
    </message>
    <message>
        <source>Filter by host, key type or fingerprint</source>
        <translation>按主机、密钥类型或指纹筛选</translation>
    </message>
    <message>
        <source>&amp;Remove…</source>
        <translation>删除(&amp;R)…</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>Key type</source>
        <translation>密钥类型</translation>
    </message>
    <message>
        <source>Fingerprint</source>
        <translation>指纹</translation>
    </message>
    <message>
        <source>Remembered by sshdesk ({path})</source>
        <translation>由 sshdesk 记录（{path}）</translation>
    </message>
    <message>
        <source>From {path} (read-only)</source>
        <translation>来自 {path}（只读）</translation>
    </message>
    <message>
        <source>(no entries)</source>
        <translation>（无条目）</translation>
    </message>
    <message>
        <source>{key_type} (revoked)</source>
        <translation>{key_type}（已吊销）</translation>
    </message>
    <message>
        <source>From {where} (read-only): sshdesk trusts it but never changes that file.</source>
        <translation>来自 {where}（只读）：sshdesk 信任其中的记录，但从不修改该文件。</translation>
    </message>
    <message>
        <source>The host name is stored hashed; type the exact name (or [name]:port) in the filter to find it.</source>
        <translation>主机名以哈希形式存储；请在筛选框中输入完整的主机名（或 [主机名]:端口）进行查找。</translation>
    </message>
    <message>
        <source>(hashed host name)</source>
        <translation>（已哈希的主机名）</translation>
    </message>
    <message>
        <source>This entry is in {path}, which sshdesk does not change. Edit that file, or run: ssh-keygen -R &lt;host&gt;</source>
        <translation>此条目位于 {path}，sshdesk 不会修改该文件。请手动编辑该文件，或运行：ssh-keygen -R &lt;host&gt;</translation>
    </message>
    <message>
        <source>Remove host key</source>
        <translation>删除主机密钥</translation>
    </message>
    <message>
        <source>Remove the {key_type} key of {hosts}?</source>
        <translation>要删除 {hosts} 的 {key_type} 密钥吗？</translation>
    </message>
    <message>
        <source>sshdesk will no longer recognise this server, and will ask you to check and trust its key again the next time you connect.</source>
        <translation>sshdesk 将不再识别此服务器，下次连接时会要求重新核对并信任其密钥。</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Cannot remove the entry: {reason}</source>
        <translation>无法删除该条目：{reason}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Sessions</source>
        <translation>会话</translation>
    </message>
    <message>
        <source>&amp;Sessions sidebar</source>
        <translation>会话侧边栏(&amp;S)</translation>
    </message>
    <message>
        <source>Quick connect</source>
        <translation>快速连接</translation>
    </message>
    <message>
        <source>user@host:port — press Enter to connect</source>
        <translation>user@host:port — 按回车键连接</translation>
    </message>
    <message>
        <source>Connect to:</source>
        <translation>连接到：</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Save as session…</source>
        <translation>保存为会话…</translation>
    </message>
    <message>
        <source>Save the address typed here as a session</source>
        <translation>将此处输入的地址保存为会话</translation>
    </message>
    <message>
        <source>&amp;Session</source>
        <translation>会话(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;New connection…</source>
        <translation>新建连接(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Duplicate tab</source>
        <translation>复制标签页(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Reconnect</source>
        <translation>重新连接(&amp;R)</translation>
    </message>
    <message>
        <source>Rena&amp;me tab…</source>
        <translation>重命名标签页(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Close tab</source>
        <translation>关闭标签页(&amp;C)</translation>
    </message>
    <message>
        <source>New &amp;saved session…</source>
        <translation>新建已保存的会话(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Import from OpenSSH config…</source>
        <translation>从 OpenSSH 配置导入(&amp;I)…</translation>
    </message>
    <message>
        <source>Import sessions…</source>
        <translation>导入会话…</translation>
    </message>
    <message>
        <source>E&amp;xport sessions…</source>
        <translation>导出会话(&amp;X)…</translation>
    </message>
    <message>
        <source>&amp;Known hosts…</source>
        <translation>已知主机(&amp;K)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>粘贴(&amp;P)</translation>
    </message>
    <message>
        <source>Select &amp;all</source>
        <translation>全选(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>查找(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Character &amp;encoding</source>
        <translation>字符编码(&amp;E)</translation>
    </message>
    <message>
        <source>Colour &amp;scheme</source>
        <translation>配色方案(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Font…</source>
        <translation>字体(&amp;F)…</translation>
    </message>
    <message>
        <source>Scroll&amp;back lines…</source>
        <translation>回滚行数(&amp;B)…</translation>
    </message>
    <message>
        <source>Copy on select</source>
        <translation>选中即复制</translation>
    </message>
    <message>
        <source>Let programs set the clipboard</source>
        <translation>允许程序写入剪贴板</translation>
    </message>
    <message>
        <source>&amp;Panes</source>
        <translation>窗格(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Terminal</source>
        <translation>终端(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Files</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Next tab</source>
        <translation>下一个标签页</translation>
    </message>
    <message>
        <source>Previous tab</source>
        <translation>上一个标签页</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About sshdesk</source>
        <translation>关于 sshdesk(&amp;A)</translation>
    </message>
    <message>
        <source>Character encoding of this session</source>
        <translation>当前会话的字符编码</translation>
    </message>
    <message>
        <source>Terminal font</source>
        <translation>终端字体</translation>
    </message>
    <message>
        <source>Scrollback</source>
        <translation>回滚缓冲区</translation>
    </message>
    <message>
        <source>Lines kept above the screen (new tabs):</source>
        <translation>屏幕上方保留的行数（对新标签页生效）：</translation>
    </message>
    <message>
        <source>A program tried to set the clipboard; blocked. Allow it in View &gt; Let programs set the clipboard.</source>
        <translation>有程序试图写入剪贴板，已阻止。可在“视图 &gt; 允许程序写入剪贴板”中开启。</translation>
    </message>
    <message>
        <source>Rename tab</source>
        <translation>重命名标签页</translation>
    </message>
    <message>
        <source>Tab name:</source>
        <translation>标签页名称：</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>复制标签页</translation>
    </message>
    <message>
        <source>Reconnect</source>
        <translation>重新连接</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Transfers</source>
        <translation>传输</translation>
    </message>
    <message>
        <source>T&amp;ransfers panel</source>
        <translation>传输面板(&amp;R)</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>{columns}×{rows}</source>
        <translation>{columns}×{rows}</translation>
    </message>
    <message>
        <source>Connecting to {address}…</source>
        <translation>正在连接 {address}…</translation>
    </message>
    <message>
        <source>Connected to {address}</source>
        <translation>已连接到 {address}</translation>
    </message>
    <message>
        <source>Could not connect to {address}</source>
        <translation>无法连接到 {address}</translation>
    </message>
    <message>
        <source>Connection to {address} lost</source>
        <translation>与 {address} 的连接已断开</translation>
    </message>
    <message>
        <source>Disconnected from {address}</source>
        <translation>已断开与 {address} 的连接</translation>
    </message>
    <message>
        <source>About sshdesk</source>
        <translation>关于 sshdesk</translation>
    </message>
    <message>
        <source>sshdesk {version}
A desktop SSH terminal and SFTP file manager.</source>
        <translation>sshdesk {version}
桌面 SSH 终端与 SFTP 文件管理器。</translation>
    </message>
</context>
<context>
    <name>MessageBar</name>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Could not {operation}: {message}</source>
        <translation>无法{operation}：{message}</translation>
    </message>
</context>
<context>
    <name>OwnerDialog</name>
    <message>
        <source>Owner and group of {what}</source>
        <translation>{what} 的所有者和用户组</translation>
    </message>
    <message>
        <source>Current owner:</source>
        <translation>当前所有者：</translation>
    </message>
    <message>
        <source>Current group:</source>
        <translation>当前用户组：</translation>
    </message>
    <message>
        <source>New owner (number):</source>
        <translation>新所有者（数字 ID）：</translation>
    </message>
    <message>
        <source>New group (number):</source>
        <translation>新用户组（数字 ID）：</translation>
    </message>
    <message>
        <source>Apply to everything inside</source>
        <translation>应用到其中的所有内容</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <source>Key passphrase</source>
        <translation>密钥口令</translation>
    </message>
    <message>
        <source>The passphrase was wrong. Try again.</source>
        <translation>口令不正确，请重试。</translation>
    </message>
    <message>
        <source>The private key {path} is protected by a passphrase. Enter it to log in to {host} with this key.</source>
        <translation>私钥 {path} 受口令保护。请输入口令，以使用此密钥登录 {host}。</translation>
    </message>
    <message>
        <source>P&amp;assphrase:</source>
        <translation>密钥口令(&amp;A)：</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Enter the password of {user} on {host}.</source>
        <translation>请输入 {host} 上用户 {user} 的密码。</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
</context>
<context>
    <name>PermissionsDialog</name>
    <message>
        <source>Permissions of {what}</source>
        <translation>{what} 的权限</translation>
    </message>
    <message>
        <source>Octal:</source>
        <translation>八进制：</translation>
    </message>
    <message>
        <source>Apply to everything inside</source>
        <translation>应用到其中的所有内容</translation>
    </message>
    <message>
        <source>Read</source>
        <translation>读取</translation>
    </message>
    <message>
        <source>Write</source>
        <translation>写入</translation>
    </message>
    <message>
        <source>Execute</source>
        <translation>执行</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>所有者</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>用户组</translation>
    </message>
    <message>
        <source>Others</source>
        <translation>其他用户</translation>
    </message>
</context>
<context>
    <name>PropertiesDialog</name>
    <message>
        <source>Properties of {name}</source>
        <translation>{name} 的属性</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>所在文件夹：</translation>
    </message>
    <message>
        <source>{path} on {side}</source>
        <translation>{path}（{side}）</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>大小：</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <source>Modified:</source>
        <translation>修改时间：</translation>
    </message>
    <message>
        <source>Permissions:</source>
        <translation>权限：</translation>
    </message>
    <message>
        <source>Owner:</source>
        <translation>所有者：</translation>
    </message>
    <message>
        <source>Group:</source>
        <translation>用户组：</translation>
    </message>
    <message>
        <source>Link target:</source>
        <translation>链接目标：</translation>
    </message>
    <message>
        <source>{size} ({bytes} bytes)</source>
        <translation>{size}（{bytes} 字节）</translation>
    </message>
    <message>
        <source>{size}, in {files} files and {folders} folders</source>
        <translation>{size}，共 {files} 个文件、{folders} 个文件夹</translation>
    </message>
    <message>
        <source>Unknown (some of it could not be read)</source>
        <translation>未知（部分内容无法读取）</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <source>1 transfer</source>
        <translation>1 个传输</translation>
    </message>
    <message>
        <source>{count} transfers</source>
        <translation>{count} 个传输</translation>
    </message>
    <message>
        <source>{transfers}, {percent} %</source>
        <translation>{transfers}，{percent} %</translation>
    </message>
    <message>
        <source>{progress} — {rate}</source>
        <translation>{progress} — {rate}</translation>
    </message>
    <message>
        <source>{progress}, {time} left</source>
        <translation>{progress}，剩余 {time}</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>Scanning</source>
        <translation>扫描中</translation>
    </message>
    <message>
        <source>Transferring</source>
        <translation>传输中</translation>
    </message>
    <message>
        <source>Waiting for you</source>
        <translation>等待您的选择</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>↓ Download</source>
        <translation>↓ 下载</translation>
    </message>
    <message>
        <source>↑ Upload</source>
        <translation>↑ 上传</translation>
    </message>
    <message>
        <source>{source}
→ {target}</source>
        <translation>{source}
→ {target}</translation>
    </message>
    <message>
        <source>{done} of {total} files</source>
        <translation>已完成 {done} / {total} 个文件</translation>
    </message>
</context>
<context>
    <name>SavedSessions</name>
    <message>
        <source>keyring</source>
        <translation>钥匙环</translation>
    </message>
    <message>
        <source>The saved sessions file could not be read in full. It was kept as {path}; the sessions that could be read are shown.</source>
        <translation>已保存的会话文件无法完整读取。原文件已保留为 {path}；当前显示的是能够读取的会话。</translation>
    </message>
    <message>
        <source>save the password</source>
        <translation>保存密码</translation>
    </message>
    <message>
        <source>forget the password</source>
        <translation>清除密码</translation>
    </message>
    <message>
        <source>copy the password</source>
        <translation>复制密码</translation>
    </message>
    <message>
        <source>Import from OpenSSH configuration</source>
        <translation>从 OpenSSH 配置导入</translation>
    </message>
    <message>
        <source>Imported from {file}</source>
        <translation>已从 {file} 导入</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>已导入</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>已更新</translation>
    </message>
    <message>
        <source>Unchanged</source>
        <translation>未更改</translation>
    </message>
    <message>
        <source>Kept (no longer in the file, not deleted)</source>
        <translation>已保留（文件中已不存在，未删除）</translation>
    </message>
    <message>
        <source>Not imported or ignored</source>
        <translation>未导入或已忽略</translation>
    </message>
    <message>
        <source>Import sessions</source>
        <translation>导入会话</translation>
    </message>
    <message>
        <source>sshdesk sessions (*.json);;All files (*)</source>
        <translation>sshdesk 会话 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>已添加</translation>
    </message>
    <message>
        <source>Export sessions (without passwords)</source>
        <translation>导出会话（不含密码）</translation>
    </message>
    <message>
        <source>sshdesk sessions (*.json)</source>
        <translation>sshdesk 会话 (*.json)</translation>
    </message>
    <message>
        <source>{count} sessions exported to {file} (passwords are not exported)</source>
        <translation>已将 {count} 个会话导出到 {file}（未导出密码）</translation>
    </message>
    <message>
        <source>Nothing to import.</source>
        <translation>没有可导入的内容。</translation>
    </message>
    <message>
        <source>demo</source>
        <translation>演示</translation>
    </message>
    <message>
        <source>Starting the demo server…</source>
        <translation>正在启动演示服务器…</translation>
    </message>
    <message>
        <source>start the demo server</source>
        <translation>启动演示服务器</translation>
    </message>
    <message>
        <source>Demo (this computer)</source>
        <translation>演示（本机）</translation>
    </message>
    <message>
        <source>A throwaway server on this computer, gone when sshdesk closes.</source>
        <translation>在本机运行的临时服务器，sshdesk 关闭后即被清除。</translation>
    </message>
</context>
<context>
    <name>SerialWorker</name>
    <message>
        <source>an unexpected internal error occurred ({kind})</source>
        <translation>发生意外的内部错误（{kind}）</translation>
    </message>
    <message>
        <source>This is a bug in sshdesk. The details are in the log file; please include them when you report it.</source>
        <translation>这是 sshdesk 的程序缺陷（bug）。详细信息已写入日志文件，报告问题时请一并附上。</translation>
    </message>
    <message>
        <source>background task</source>
        <translation>后台任务</translation>
    </message>
</context>
<context>
    <name>SessionEditor</name>
    <message>
        <source>test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <source>Edit session {name}</source>
        <translation>编辑会话 {name}</translation>
    </message>
    <message>
        <source>New session</source>
        <translation>新建会话</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>测试连接(&amp;T)</translation>
    </message>
    <message>
        <source>check the keyring</source>
        <translation>检查钥匙环</translation>
    </message>
    <message>
        <source>The saved password will be forgotten when you press OK.</source>
        <translation>点击“确定”后将清除已保存的密码。</translation>
    </message>
    <message>
        <source>Checking whether the keyring is available…</source>
        <translation>正在检查钥匙环是否可用…</translation>
    </message>
    <message>
        <source>Cannot save in the keyring: {reason}; the password will be asked each time.</source>
        <translation>无法保存到钥匙环：{reason}；每次连接时都将询问密码。</translation>
    </message>
    <message>
        <source>Choose private key files</source>
        <translation>选择私钥文件</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Connecting to {address}…</source>
        <translation>正在连接 {address}…</translation>
    </message>
    <message>
        <source>Connected as {user}@{host} in {seconds:.1f} s</source>
        <translation>已以 {user}@{host} 身份连接，耗时 {seconds:.1f} 秒</translation>
    </message>
</context>
<context>
    <name>SessionForm</name>
    <message>
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>(top level)</source>
        <translation>（顶层）</translation>
    </message>
    <message>
        <source>&amp;Folder:</source>
        <translation>文件夹(&amp;F)：</translation>
    </message>
    <message>
        <source>host name or address</source>
        <translation>主机名或地址</translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation>主机(&amp;H)：</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>端口(&amp;P)：</translation>
    </message>
    <message>
        <source>your local user name</source>
        <translation>默认为本机用户名</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <source>comma-separated, e.g. prod, db</source>
        <translation>以逗号分隔，例如 prod, db</translation>
    </message>
    <message>
        <source>&amp;Tags:</source>
        <translation>标签(&amp;T)：</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Red</source>
        <translation>红色</translation>
    </message>
    <message>
        <source>Orange</source>
        <translation>橙色</translation>
    </message>
    <message>
        <source>Yellow</source>
        <translation>黄色</translation>
    </message>
    <message>
        <source>Green</source>
        <translation>绿色</translation>
    </message>
    <message>
        <source>Blue</source>
        <translation>蓝色</translation>
    </message>
    <message>
        <source>Purple</source>
        <translation>紫色</translation>
    </message>
    <message>
        <source>Grey</source>
        <translation>灰色</translation>
    </message>
    <message>
        <source>&amp;Colour label:</source>
        <translation>颜色标记(&amp;C)：</translation>
    </message>
    <message>
        <source>N&amp;ote:</source>
        <translation>备注(&amp;O)：</translation>
    </message>
    <message>
        <source>Authentication</source>
        <translation>认证</translation>
    </message>
    <message>
        <source>asked when connecting if empty</source>
        <translation>留空则在连接时询问</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>密码(&amp;W)：</translation>
    </message>
    <message>
        <source>&amp;Save password in the keyring</source>
        <translation>在钥匙环中保存密码(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Forget saved password</source>
        <translation>清除已保存的密码(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Add…</source>
        <translation>添加(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Key files:</source>
        <translation>密钥文件(&amp;K)：</translation>
    </message>
    <message>
        <source>asked when connecting if needed</source>
        <translation>如有需要，将在连接时询问</translation>
    </message>
    <message>
        <source>Key pass&amp;phrase:</source>
        <translation>密钥口令(&amp;P)：</translation>
    </message>
    <message>
        <source>Save passphrase in the &amp;keyring</source>
        <translation>在钥匙环中保存密钥口令(&amp;K)</translation>
    </message>
    <message>
        <source>Use ssh-a&amp;gent</source>
        <translation>使用 ssh-agent(&amp;G)</translation>
    </message>
    <message>
        <source>Also try the ~/.ssh &amp;default keys</source>
        <translation>同时尝试 ~/.ssh 中的默认密钥(&amp;D)</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>A&amp;dd</source>
        <translation>添加(&amp;D)</translation>
    </message>
    <message>
        <source>[user@]host[:port], one per line, the first one reached first</source>
        <translation>[user@]host[:port]，每行一个，从第一个开始依次连接</translation>
    </message>
    <message>
        <source>&amp;Jump hosts:</source>
        <translation>跳板机(&amp;J)：</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Keepalive &amp;interval:</source>
        <translation>保活间隔(&amp;I)：</translation>
    </message>
    <message>
        <source>How many keepalives may go unanswered before the connection counts as lost</source>
        <translation>连续多少次保活无响应后判定连接已断开</translation>
    </message>
    <message>
        <source>Keepalive &amp;count:</source>
        <translation>保活次数上限(&amp;C)：</translation>
    </message>
    <message>
        <source>Connect &amp;timeout:</source>
        <translation>连接超时(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Compression (for slow links)</source>
        <translation>启用压缩（适用于慢速网络）(&amp;C)</translation>
    </message>
    <message>
        <source>Algorithms not to offer (comma-separated), for servers that mishandle them:</source>
        <translation>不向服务器提供的算法（以逗号分隔），用于无法正确处理这些算法的服务器：</translation>
    </message>
    <message>
        <source>Key e&amp;xchange:</source>
        <translation>密钥交换(&amp;X)：</translation>
    </message>
    <message>
        <source>C&amp;iphers:</source>
        <translation>加密算法(&amp;I)：</translation>
    </message>
    <message>
        <source>&amp;MACs:</source>
        <translation>MAC 算法(&amp;M)：</translation>
    </message>
    <message>
        <source>Host &amp;key types:</source>
        <translation>主机密钥类型(&amp;K)：</translation>
    </message>
    <message>
        <source>Terminal</source>
        <translation>终端</translation>
    </message>
    <message>
        <source>Terminal &amp;type:</source>
        <translation>终端类型(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Encoding:</source>
        <translation>字符编码(&amp;E)：</translation>
    </message>
    <message>
        <source>sent to the shell after login</source>
        <translation>登录后发送到 Shell</translation>
    </message>
    <message>
        <source>&amp;Startup command:</source>
        <translation>启动命令(&amp;S)：</translation>
    </message>
    <message>
        <source>the home folder</source>
        <translation>用户主目录</translation>
    </message>
    <message>
        <source>Initial &amp;remote folder:</source>
        <translation>初始远程目录(&amp;R)：</translation>
    </message>
    <message>
        <source>Custom ({colour})</source>
        <translation>自定义（{colour}）</translation>
    </message>
</context>
<context>
    <name>SessionSidebar</name>
    <message>
        <source>Search sessions</source>
        <translation>搜索会话</translation>
    </message>
    <message>
        <source>Recent</source>
        <translation>最近使用</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>创建副本</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>New session here…</source>
        <translation>在此新建会话…</translation>
    </message>
    <message>
        <source>New folder…</source>
        <translation>新建文件夹…</translation>
    </message>
    <message>
        <source>Rename folder</source>
        <translation>重命名文件夹</translation>
    </message>
    <message>
        <source>Delete folder…</source>
        <translation>删除文件夹…</translation>
    </message>
    <message>
        <source>{name} (copy)</source>
        <translation>{name}（副本）</translation>
    </message>
    <message>
        <source>{name} (copy {number})</source>
        <translation>{name}（副本 {number}）</translation>
    </message>
    <message>
        <source>Delete session</source>
        <translation>删除会话</translation>
    </message>
    <message>
        <source>Delete the session “{name}”?</source>
        <translation>要删除会话“{name}”吗？</translation>
    </message>
    <message>
        <source>New folder</source>
        <translation>新建文件夹</translation>
    </message>
    <message>
        <source>Folder name:</source>
        <translation>文件夹名称：</translation>
    </message>
    <message>
        <source>A name cannot contain “/”.</source>
        <translation>名称不能包含“/”。</translation>
    </message>
    <message>
        <source>Delete the folder “{name}”? It holds no sessions.</source>
        <translation>要删除文件夹“{name}”吗？其中没有会话。</translation>
    </message>
    <message>
        <source>Delete the folder “{name}” and the session it holds?</source>
        <translation>要删除文件夹“{name}”及其中的会话吗？</translation>
    </message>
    <message>
        <source>Delete the folder “{name}” and the {count} sessions it holds?</source>
        <translation>要删除文件夹“{name}”及其中的 {count} 个会话吗？</translation>
    </message>
    <message>
        <source>Delete folder</source>
        <translation>删除文件夹</translation>
    </message>
</context>
<context>
    <name>SessionTab</name>
    <message>
        <source>Reconnect</source>
        <translation>重新连接</translation>
    </message>
    <message>
        <source>Connecting to {address}…</source>
        <translation>正在连接 {address}…</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>Not connected: {message}</source>
        <translation>未连接：{message}</translation>
    </message>
    <message>
        <source>Connection lost: {reason}</source>
        <translation>连接已断开：{reason}</translation>
    </message>
    <message>
        <source>The connection to {address} was lost.</source>
        <translation>与 {address} 的连接已断开。</translation>
    </message>
    <message>
        <source>The connection was closed.</source>
        <translation>连接已关闭。</translation>
    </message>
    <message>
        <source>The shell exited with status {status}.</source>
        <translation>Shell 已退出，退出码为 {status}。</translation>
    </message>
    <message>
        <source>Press Enter to reconnect.</source>
        <translation>按回车键重新连接。</translation>
    </message>
</context>
<context>
    <name>SessionTreeModel</name>
    <message>
        <source>Tags: {tags}</source>
        <translation>标签：{tags}</translation>
    </message>
    <message>
        <source>A name cannot be empty.</source>
        <translation>名称不能为空。</translation>
    </message>
    <message>
        <source>A name cannot contain “/”.</source>
        <translation>名称不能包含“/”。</translation>
    </message>
    <message>
        <source>That is not a usable folder.</source>
        <translation>这不是可用的文件夹。</translation>
    </message>
</context>
<context>
    <name>SymlinkDialog</name>
    <message>
        <source>New symbolic link</source>
        <translation>新建符号链接</translation>
    </message>
    <message>
        <source>A path, absolute or relative to the link</source>
        <translation>绝对路径，或相对于链接所在位置的路径</translation>
    </message>
    <message>
        <source>Link name:</source>
        <translation>链接名称：</translation>
    </message>
    <message>
        <source>Points to:</source>
        <translation>指向：</translation>
    </message>
</context>
<context>
    <name>TerminalFindBar</name>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>Match case</source>
        <translation>区分大小写</translation>
    </message>
    <message>
        <source>Find older match (Enter)</source>
        <translation>查找更早的匹配（Enter）</translation>
    </message>
    <message>
        <source>Find newer match (Shift+Enter)</source>
        <translation>查找更新的匹配（Shift+Enter）</translation>
    </message>
    <message>
        <source>Close (Escape)</source>
        <translation>关闭（Esc）</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>未找到</translation>
    </message>
</context>
<context>
    <name>TerminalWidget</name>
    <message>
        <source>Paste {count} lines into the terminal?</source>
        <translation>要将 {count} 行粘贴到终端吗？</translation>
    </message>
    <message>
        <source>Paste a command that runs at once into the terminal?</source>
        <translation>要粘贴一条会立即执行的命令到终端吗？</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>粘贴</translation>
    </message>
    <message>
        <source>Don&apos;t ask again</source>
        <translation>不再询问</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>粘贴(&amp;P)</translation>
    </message>
    <message>
        <source>Select &amp;All</source>
        <translation>全选(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>查找(&amp;F)…</translation>
    </message>
</context>
<context>
    <name>TransferControl</name>
    <message>
        <source>queue download</source>
        <translation>将下载加入队列</translation>
    </message>
    <message>
        <source>queue upload</source>
        <translation>将上传加入队列</translation>
    </message>
    <message>
        <source>pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>clear finished</source>
        <translation>清除已完成的传输</translation>
    </message>
    <message>
        <source>answer</source>
        <translation>提交冲突处理方式</translation>
    </message>
    <message>
        <source>apply transfer settings</source>
        <translation>应用传输设置</translation>
    </message>
    <message>
        <source>read transfer progress</source>
        <translation>读取传输进度</translation>
    </message>
</context>
<context>
    <name>TransferPanel</name>
    <message>
        <source>Pause all</source>
        <translation>全部暂停</translation>
    </message>
    <message>
        <source>Resume all</source>
        <translation>全部继续</translation>
    </message>
    <message>
        <source>Cancel all</source>
        <translation>全部取消</translation>
    </message>
    <message>
        <source>Clear finished</source>
        <translation>清除已完成</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
</context>
<context>
    <name>TransferSettingsDialog</name>
    <message>
        <source>Transfer Settings</source>
        <translation>传输设置</translation>
    </message>
    <message>
        <source>Ask</source>
        <translation>询问</translation>
    </message>
    <message>
        <source>Overwrite</source>
        <translation>覆盖</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>跳过</translation>
    </message>
    <message>
        <source>Keep both (rename)</source>
        <translation>保留两者（重命名）</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>续传</translation>
    </message>
    <message>
        <source>Overwrite if newer</source>
        <translation>较新时覆盖</translation>
    </message>
    <message>
        <source>When a file exists:</source>
        <translation>文件已存在时：</translation>
    </message>
    <message>
        <source>Copy what they point to</source>
        <translation>复制其指向的内容</translation>
    </message>
    <message>
        <source>Copy as links</source>
        <translation>作为链接复制</translation>
    </message>
    <message>
        <source>Symbolic links in folders:</source>
        <translation>文件夹中的符号链接：</translation>
    </message>
    <message>
        <source>Keep modification times</source>
        <translation>保留修改时间</translation>
    </message>
    <message>
        <source>Keep permissions</source>
        <translation>保留权限</translation>
    </message>
    <message>
        <source>Parallel transfers:</source>
        <translation>并行传输数：</translation>
    </message>
    <message>
        <source>Each one opens its own SFTP channel. OpenSSH servers allow 10 channels per connection by default, and the terminal and the file panes use some of them.</source>
        <translation>每个传输各自打开一个 SFTP 通道。OpenSSH 服务器默认每个连接最多允许 10 个通道，终端和文件窗格也会占用其中几个。</translation>
    </message>
    <message>
        <source>Limit speed to</source>
        <translation>限速为</translation>
    </message>
    <message>
        <source>KiB/s</source>
        <translation>KiB/s</translation>
    </message>
    <message>
        <source>MiB/s</source>
        <translation>MiB/s</translation>
    </message>
</context>
<context>
    <name>UnknownHostKeyDialog</name>
    <message>
        <source>Unknown host key</source>
        <translation>未知的主机密钥</translation>
    </message>
    <message>
        <source>The authenticity of {address} cannot be confirmed.</source>
        <translation>无法确认 {address} 的真实性。</translation>
    </message>
    <message>
        <source>sshdesk has no record of this server&apos;s key, so it cannot tell whether it is talking to the real server or to an impostor.</source>
        <translation>sshdesk 没有该服务器密钥的记录，因此无法判断所连接的是真正的服务器还是冒充者。</translation>
    </message>
    <message>
        <source>Server:</source>
        <translation>服务器：</translation>
    </message>
    <message>
        <source>Key type:</source>
        <translation>密钥类型：</translation>
    </message>
    <message>
        <source>Fingerprint:</source>
        <translation>指纹：</translation>
    </message>
    <message>
        <source>To check it, ask the server&apos;s administrator for the fingerprint. They can print it by running this command on the server:</source>
        <translation>如需核实，请向服务器管理员索取指纹。管理员可在服务器上运行以下命令查看：</translation>
    </message>
    <message>
        <source>Accept the key only if both fingerprints are exactly the same. &quot;Accept and remember&quot; saves it, so you are not asked again for this server.</source>
        <translation>仅当两个指纹完全一致时才接受该密钥。选择“接受并记住”会保存该密钥，以后连接此服务器时不再询问。</translation>
    </message>
    <message>
        <source>Accept &amp;once</source>
        <translation>仅本次接受(&amp;O)</translation>
    </message>
    <message>
        <source>Accept and &amp;remember</source>
        <translation>接受并记住(&amp;R)</translation>
    </message>
    <message>
        <source>Re&amp;fuse</source>
        <translation>拒绝(&amp;F)</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>Welcome to sshdesk</source>
        <translation>欢迎使用 sshdesk</translation>
    </message>
    <message>
        <source>Type user@host or user@host:port in the field above and press Enter.</source>
        <translation>在上方输入框中输入 user@host 或 user@host:port，然后按回车键。</translation>
    </message>
    <message>
        <source>Or double-click a saved session on the left. No server at hand? Start sshdesk with --demo.</source>
        <translation>或者双击左侧已保存的会话。手头没有服务器？用 --demo 启动 sshdesk。</translation>
    </message>
    <message>
        <source>Ctrl+Shift+N: new connection   Ctrl+Shift+D: duplicate tab   Ctrl+Shift+F: find</source>
        <translation>Ctrl+Shift+N：新建连接   Ctrl+Shift+D：复制标签页   Ctrl+Shift+F：查找</translation>
    </message>
    <message>
        <source>Ctrl+Shift+C / Ctrl+Shift+V: copy and paste in the terminal</source>
        <translation>Ctrl+Shift+C / Ctrl+Shift+V：在终端中复制和粘贴</translation>
    </message>
</context>
<context>
    <name>formatting</name>
    <message>
        <source>{size} B</source>
        <translation>{size} B</translation>
    </message>
    <message>
        <source>{size}/s</source>
        <translation>{size}/s</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <source>{problem} — {hint}</source>
        <translation>{problem} — {hint}</translation>
    </message>
</context>
</TS>
