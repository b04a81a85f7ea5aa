;; objectInsertOnce conflict
(func $__gpc_init (local i32×1)
  i32.const 1208
  call $rt_reserve
  drop
  i32.const 1052
  i32.const 0
  i32.const 156
  memory.init 1
  data.drop 1
  i32.const 0
  i32.const 1188
  i32.const 3
  call $rt_json_parse
  local.tee 0
  i32.eqz
  if
    i32.const 1157
    call $rt_abort
    drop
    unreachable
  end
  local.get 0
  i32.store offset=1032
  i32.const 0
  i32.const 1191
  i32.const 1
  call $rt_json_parse
  local.tee 0
  i32.eqz
  if
    i32.const 1157
    call $rt_abort
    drop
    unreachable
  end
  local.get 0
  i32.store offset=1036
  i32.const 0
  i32.const 1192
  i32.const 3
  call $rt_json_parse
  local.tee 0
  i32.eqz
  if
    i32.const 1157
    call $rt_abort
    drop
    unreachable
  end
  local.get 0
  i32.store offset=1040
  i32.const 0
  i32.const 1195
  i32.const 3
  call $rt_json_parse
  local.tee 0
  i32.eqz
  if
    i32.const 1157
    call $rt_abort
    drop
    unreachable
  end
  local.get 0
  i32.store offset=1044
  i32.const 0
  i32.const 1198
  i32.const 1
  call $rt_json_parse
  local.tee 0
  i32.eqz
  if
    i32.const 1157
    call $rt_abort
    drop
    unreachable
  end
  local.get 0
  i32.store offset=1048
  i32.const 1199
  i32.const 9
  call $rt_json_parse
  local.tee 0
  i32.eqz
  if
    i32.const 1157
    call $rt_abort
    drop
    unreachable
  end
  local.get 0
  call $rt_set_entrypoints
  drop
)
(func $__gpc_eval (param i32 i32 i32) (result i32)
  i32.const 0
  call $rt_memo_reset
  drop
  block
    block
      local.get 0
      br_table 0 1
    end
    local.get 1
    local.get 2
    call $t.o
    return
  end
  i32.const 0
)
(func $t.o (param i32 i32) (result i32) (local i32×2)
  block
    call $rt_make_object
    local.set 2
    block
      i32.const 0
      i32.load offset=1032
      i32.eqz
      br_if 0
      i32.const 0
      i32.load offset=1036
      i32.eqz
      br_if 0
      local.get 2
      i32.const 0
      i32.load offset=1032
      i32.const 0
      i32.load offset=1036
      call $rt_object_insert_once
      i32.eqz
      if
        i32.const 1052
        call $rt_abort
        drop
        unreachable
      end
    end
    block
      local.get 0
      i32.const 0
      i32.load offset=1040
      call $rt_dot
      local.tee 3
      i32.eqz
      br_if 0
      i32.const 0
      i32.load offset=1032
      i32.eqz
      br_if 0
      local.get 3
      i32.eqz
      br_if 0
      local.get 2
      i32.const 0
      i32.load offset=1032
      local.get 3
      call $rt_object_insert_once
      i32.eqz
      if
        i32.const 1087
        call $rt_abort
        drop
        unreachable
      end
    end
    block
      i32.const 0
      i32.load offset=1044
      i32.eqz
      br_if 0
      i32.const 0
      i32.load offset=1048
      i32.eqz
      br_if 0
      local.get 2
      i32.const 0
      i32.load offset=1044
      i32.const 0
      i32.load offset=1048
      call $rt_object_insert_once
      i32.eqz
      if
        i32.const 1122
        call $rt_abort
        drop
        unreachable
      end
    end
  end
  local.get 2
)
